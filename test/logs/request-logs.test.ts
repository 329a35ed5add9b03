import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { parseHostAllowlist } from '../../src/gamelift/logs/allowlist.js';
import { defaultLogFetchConfig, type LogFetchConfig } from '../../src/gamelift/logs/config.js';
import { LogReader } from '../../src/gamelift/logs/log-reader.js';
import { RequestLogs, type LogRequestOptions } from '../../src/gamelift/logs/request-logs.js';
import type { RefreshLogUrl } from '../../src/gamelift/logs/log-reader.js';
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

/** The log reads of one request, on a reader of its own. */
const request = (overrides: Partial<LogFetchConfig> = {}, reader = new LogReader(config(overrides))) => new RequestLogs(reader, { client: 'test' });
/** One result of a request (a query): its fields share the result's limits. */
const QUERY = {};
/** A field's read, then the result delivered, as the gateway does once a query has its result. */
const read = async (logs: RequestLogs, url: string, options: LogRequestOptions = {}, refresh?: RefreshLogUrl) => {
  try {
    return await logs.read(QUERY, url, options, refresh);
  } finally {
    logs.settle();
  }
};

describe('RequestLogs', () => {
  it('reads a log object once per request, whatever options its fields ask with', async () => {
    const url = logUrl(storedObject('line 1\nline 2\nline 3\n', { delayMs: 20 }));
    const logs = request();
    const [whole, head, tail] = await Promise.all([read(logs, url), read(logs, url, { maxBytes: 3 }), read(logs, url, { tail: true, lines: 1 })]);
    expect(whole?.content).toBe('line 1\nline 2\nline 3\n');
    expect(head).toMatchObject({ content: 'lin', truncated: true });
    expect(tail).toMatchObject({ content: 'line 3\n', truncated: true });
    expect(requestsTo(url)).toHaveLength(1);
    // Another GraphQL request reads again.
    await read(request(), url);
    expect(requestsTo(url)).toHaveLength(2);
  });

  it('reads the end of a log longer than LOG_MAX_BYTES separately from its start', async () => {
    const url = logUrl(storedObject(`${'a'.repeat(100)}\n${'b'.repeat(100)}\n`));
    const logs = request({ maxBytes: 50 });
    const [head, tail] = await Promise.all([read(logs, url), read(logs, url, { tail: true })]);
    expect(head?.content).toBe('a'.repeat(50));
    expect(tail?.content).toBe(`${'b'.repeat(49)}\n`);
    expect(requestsTo(url).map((request) => request.headers.range)).toEqual(['bytes=0-50', 'bytes=-51']);
  });

  it('asks for LOG_MAX_BYTES and the byte that tells truncation', async () => {
    const url = logUrl(storedObject('x'));
    await read(request({ maxBytes: 4096 }), url);
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
    await expect(read(request({ maxBytes: 4096 }), url, options)).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(message) });
    expect(requestsTo(url)).toHaveLength(0);
  });

  it('counts every log field of a result toward LOG_MAX_PER_REQUEST, the same object asked twice included', async () => {
    const logs = request({ maxLogsPerRequest: 2 });
    const a = logUrl(storedObject('a'));
    const b = logUrl(storedObject('b'));
    await read(logs, a);
    await read(logs, a);
    await expect(read(logs, b)).rejects.toMatchObject({ code: 'LOG_LIMIT_EXCEEDED', message: expect.stringContaining('LOG_MAX_PER_REQUEST'), details: { limit: 2 } });
    expect(requestsTo(b)).toHaveLength(0);
    // Each event of a subscription is a result of its own, with limits of its own.
    expect((await logs.read({}, b, {}))?.content).toBe('b');
  });

  it('stops at LOG_MAX_BYTES_PER_REQUEST of log served or read, before downloading more', async () => {
    const logs = request({ maxBytesPerRequest: 10 });
    const first = logUrl(storedObject('0123'));
    const second = logUrl(storedObject('4567'));
    const third = logUrl(storedObject('89abc'));
    const fourth = logUrl(storedObject('d'));
    expect((await read(logs, first))?.content).toBe('0123');
    expect((await read(logs, second))?.content).toBe('4567');
    // Read (8 + 5 bytes) but not served: 13 would be more than 10.
    await expect(read(logs, third)).rejects.toMatchObject({ code: 'LOG_LIMIT_EXCEEDED', message: expect.stringContaining('LOG_MAX_BYTES_PER_REQUEST') });
    // What was read still serves within what is left; nothing more is downloaded.
    expect((await read(logs, first, { maxBytes: 2 }))?.content).toBe('01');
    await expect(read(logs, fourth)).rejects.toMatchObject({ code: 'LOG_LIMIT_EXCEEDED' });
    expect(requestsTo(fourth)).toHaveLength(0);
  });

  it('holds at most LOG_MAX_CONCURRENT results with log content at once, until each is delivered', async () => {
    const reader = new LogReader(config({ maxConcurrent: 1, timeoutMs: 300 }));
    const url = logUrl(storedObject('x'));
    const first = request({}, reader);
    expect((await first.read(QUERY, url, {}))?.content).toBe('x');
    // Not delivered yet: the next result waits its turn, and gives up after the fetch timeout.
    await expect(request({}, reader).read(QUERY, url, {})).rejects.toMatchObject({ code: 'LOG_TIMEOUT', message: expect.stringContaining('LOG_MAX_CONCURRENT') });
    first.settle();
    expect((await request({}, reader).read(QUERY, url, {}))?.content).toBe('x');
  });

  it('bounds the downloads in flight across all requests (LOG_MAX_CONCURRENT)', async () => {
    const server = await FakeS3.start();
    try {
      const reader = new LogReader(config({ allowlist: parseHostAllowlist(server.host), maxConcurrent: 2 }));
      const urls = Array.from({ length: 8 }, (_, i) => server.put(`/log-${i}.txt`, storedObject(`log ${i}`, { delayMs: 30 })));
      const logs = await Promise.all(urls.map((url) => read(request({}, reader), url)));
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
      const log = await read(request(), expired, {}, refresh);
      expect(log?.content).toBe('fresh log\n');
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('refreshes a URL that expired by its X-Amz-Date without requesting it', async () => {
      const expired = logUrl(storedObject('stale'), longAgo);
      const fresh = logUrl(storedObject('fresh'));
      const refresh = vi.fn(async () => fresh);
      expect((await read(request(), expired, {}, refresh))?.content).toBe('fresh');
      expect(requestsTo(expired)).toHaveLength(0);
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('fails with LOG_EXPIRED when the refreshed URL has expired too', async () => {
      const refresh = vi.fn(async () => logUrl(expiredError()));
      await expect(read(request(), logUrl(expiredError()), {}, refresh)).rejects.toMatchObject({ code: 'LOG_EXPIRED' });
      expect(refresh).toHaveBeenCalledTimes(1);
    });

    it('resolves null when the refreshed event no longer has a log', async () => {
      const refresh = vi.fn(async () => null);
      expect(await read(request(), logUrl(storedObject('x'), longAgo), {}, refresh)).toBeNull();
    });

    it('propagates a failing refresh', async () => {
      const refresh = vi.fn(() => Promise.reject(new Error('DescribeFleetEvents failed')));
      await expect(read(request(), logUrl(expiredError()), {}, refresh)).rejects.toThrow('DescribeFleetEvents failed');
    });

    it('fails with LOG_EXPIRED without a refresh', async () => {
      await expect(read(request(), logUrl(expiredError()))).rejects.toMatchObject({ code: 'LOG_EXPIRED' });
    });

    it('does not refresh on other errors', async () => {
      const refresh = vi.fn(async () => logUrl(storedObject('x')));
      const url = logUrl(s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match.'));
      await expect(read(request(), url, {}, refresh)).rejects.toMatchObject({ code: 'LOG_ACCESS_DENIED' });
      expect(refresh).not.toHaveBeenCalled();
    });
  });
});
