import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { parseHostAllowlist } from '../../src/gamelift/logs/allowlist.js';
import { defaultLogFetchConfig, type LogFetchConfig } from '../../src/gamelift/logs/config.js';
import { RequestLogFetcher } from '../../src/gamelift/logs/request-log-fetcher.js';
import { expiredError, FakeS3, presignedPath, s3Error, storedObject } from '../support/fake-s3.js';

let s3: FakeS3;
beforeAll(async () => {
  s3 = await FakeS3.start();
});
afterAll(async () => {
  await s3.close();
});

const config = (overrides: Partial<LogFetchConfig> = {}): LogFetchConfig => ({
  ...defaultLogFetchConfig,
  allowlist: parseHostAllowlist(s3.host),
  timeoutMs: 5_000,
  ...overrides,
});

let keyCounter = 0;
/** A presigned-looking URL for a fresh key, signed now (so valid) or long ago (so expired). */
const logUrl = (route: Parameters<FakeS3['put']>[1], signedAt = new Date()) =>
  s3.put(presignedPath(`fleet-1/events/${++keyCounter}/FLEET_CREATION_RUNNING_INSTALLER.txt`, signedAt), route);
const requestsTo = (url: string) => s3.requests.filter((request) => url.endsWith(request.url));
const longAgo = new Date(Date.now() - 3_600_000);

describe('RequestLogFetcher', () => {
  it('fetches the same URL with the same options once per request', async () => {
    const url = logUrl(storedObject('installer output\n', { delayMs: 20 }));
    const fetcher = new RequestLogFetcher(config());
    const [first, second] = await Promise.all([fetcher.fetch(url), fetcher.fetch(url, { maxBytes: 1024 * 1024 })]);
    const third = await fetcher.fetch(url);
    expect(first?.content).toBe('installer output\n');
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(requestsTo(url)).toHaveLength(1);

    await fetcher.fetch(url, { tail: true });
    expect(requestsTo(url)).toHaveLength(2);
    // Another GraphQL request gets its own fetcher, and fetches again.
    await new RequestLogFetcher(config()).fetch(url);
    expect(requestsTo(url)).toHaveLength(3);
  });

  it('defaults maxBytes to the configured maximum', async () => {
    const url = logUrl(storedObject('x'));
    await new RequestLogFetcher(config({ maxBytes: 4096 })).fetch(url);
    expect(requestsTo(url)[0]?.headers.range).toBe('bytes=0-4096');
  });

  it.each([
    [{ maxBytes: 4097 }, /maxBytes must be an integer from 1 to 4096, got 4097/],
    [{ maxBytes: 0 }, /maxBytes must be/],
    [{ maxBytes: -1 }, /maxBytes must be/],
    [{ maxBytes: 1.5 }, /maxBytes must be/],
    [{ lines: 0 }, /lines must be a positive integer, got 0/],
    [{ lines: 2.5 }, /lines must be a positive integer/],
  ])('rejects %j as BAD_USER_INPUT without fetching', async (options, message) => {
    const url = logUrl(storedObject('x'));
    const fetch = new RequestLogFetcher(config({ maxBytes: 4096 })).fetch(url, options);
    await expect(fetch).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    expect(requestsTo(url)).toHaveLength(0);
  });

  it('caps the distinct fetches per request', async () => {
    const fetcher = new RequestLogFetcher(config({ maxLogsPerRequest: 2 }));
    const a = logUrl(storedObject('a'));
    const b = logUrl(storedObject('b'));
    const c = logUrl(storedObject('c'));
    await fetcher.fetch(a);
    await fetcher.fetch(b);
    await expect(fetcher.fetch(c)).rejects.toMatchObject({
      code: 'LOG_LIMIT_EXCEEDED',
      message: expect.stringContaining('at most 2 logs'),
      details: { limit: 2 },
    });
    await expect(fetcher.fetch(a, { tail: true })).rejects.toMatchObject({ code: 'LOG_LIMIT_EXCEEDED' });
    // Already-fetched ones are still served from the request's memo.
    expect((await fetcher.fetch(a))?.content).toBe('a');
    expect(requestsTo(c)).toHaveLength(0);
  });

  it('bounds the fetches in flight', async () => {
    const server = await FakeS3.start();
    try {
      const fetcher = new RequestLogFetcher(config({ allowlist: parseHostAllowlist(server.host), maxConcurrent: 2 }));
      const urls = Array.from({ length: 8 }, (_, i) =>
        server.put(`/log-${i}.txt`, storedObject(`log ${i}`, { delayMs: 30 })),
      );
      const logs = await Promise.all(urls.map((url) => fetcher.fetch(url)));
      expect(logs.map((log) => log?.content)).toEqual(urls.map((_, i) => `log ${i}`));
      expect(server.requests).toHaveLength(8);
      expect(server.peakInFlight).toBe(2);
    } finally {
      await server.close();
    }
  });

  describe('expired URLs', () => {
    it('refreshes once after a 403 "Request has expired" and serves the fresh URL', async () => {
      const expired = logUrl(expiredError());
      const fresh = logUrl(storedObject('fresh log\n'));
      const refresh = vi.fn(async () => fresh);
      const log = await new RequestLogFetcher(config()).fetch(expired, {}, refresh);
      expect(log?.content).toBe('fresh log\n');
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('refreshes a URL that expired by its X-Amz-Date without requesting it', async () => {
      const expired = logUrl(storedObject('stale'), longAgo);
      const fresh = logUrl(storedObject('fresh'));
      const refresh = vi.fn(async () => fresh);
      expect((await new RequestLogFetcher(config()).fetch(expired, {}, refresh))?.content).toBe('fresh');
      expect(requestsTo(expired)).toHaveLength(0);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('fails with LOG_EXPIRED when the refreshed URL has expired too', async () => {
      const refresh = vi.fn(async () => logUrl(expiredError()));
      await expect(new RequestLogFetcher(config()).fetch(logUrl(expiredError()), {}, refresh)).rejects.toMatchObject({
        code: 'LOG_EXPIRED',
      });
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('resolves null when the refreshed event no longer has a log', async () => {
      const refresh = vi.fn(async () => null);
      expect(await new RequestLogFetcher(config()).fetch(logUrl(storedObject('x'), longAgo), {}, refresh)).toBeNull();
    });

    it('propagates a failing refresh', async () => {
      const refresh = vi.fn(() => Promise.reject(new Error('DescribeFleetEvents failed')));
      await expect(new RequestLogFetcher(config()).fetch(logUrl(expiredError()), {}, refresh)).rejects.toThrow(
        'DescribeFleetEvents failed',
      );
    });

    it('fails with LOG_EXPIRED without a refresh', async () => {
      await expect(new RequestLogFetcher(config()).fetch(logUrl(expiredError()))).rejects.toMatchObject({
        code: 'LOG_EXPIRED',
      });
    });

    it('does not refresh on other errors', async () => {
      const refresh = vi.fn(async () => logUrl(storedObject('x')));
      const url = logUrl(s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.'));
      await expect(new RequestLogFetcher(config()).fetch(url, {}, refresh)).rejects.toMatchObject({
        code: 'LOG_ACCESS_DENIED',
      });
      expect(refresh).not.toHaveBeenCalled();
    });
  });
});
