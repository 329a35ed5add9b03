import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { GatewayError } from '../../src/gamelift/errors.js';
import { parseHostAllowlist } from '../../src/gamelift/logs/allowlist.js';
import { fetchLogObject, type FetchLogOptions } from '../../src/gamelift/logs/fetch-log-object.js';
import { expiredError, FakeS3, presignedPath, s3Error, storedObject } from '../support/fake-s3.js';

let s3: FakeS3;
/** A second listener the allowlist does not name: it must never see a request. */
let forbidden: FakeS3;

beforeAll(async () => {
  [s3, forbidden] = await Promise.all([FakeS3.start(), FakeS3.start()]);
});
afterAll(async () => {
  await Promise.all([s3.close(), forbidden.close()]);
});

const options = (overrides: Partial<FetchLogOptions> = {}): FetchLogOptions => ({
  allowlist: parseHostAllowlist(s3.host),
  maxBytes: 1024,
  tail: false,
  timeoutMs: 5_000,
  maxDownloadBytes: 8 * 1024 * 1024,
  ...overrides,
});

let pathCounter = 0;
/** A fresh path per object, so tests never share routes or request records. */
const nextPath = (name = 'log.txt') => `/logs/fleet-1/events/${++pathCounter}/${name}`;
const requestsTo = (url: string) => s3.requests.filter((request) => url.endsWith(request.url));

const numberedLines = (count: number) => Array.from({ length: count }, (_, i) => `line ${i + 1}: event text\n`).join('');

async function fetchError(url: string, fetchOptions: FetchLogOptions): Promise<GatewayError> {
  const error: unknown = await fetchLogObject(url, fetchOptions).then(
    () => new Error('expected the fetch to fail'),
    (rejection: unknown) => rejection,
  );
  if (error instanceof GatewayError) return error;
  throw error;
}

describe('fetchLogObject: content', () => {
  it('returns a small object exactly, asking only for the window with Range', async () => {
    const text = 'Extracting build...\nRunning install.sh\r\nDone.\n';
    const url = s3.put(nextPath(), storedObject(text));
    const log = await fetchLogObject(url, options());
    expect(log).toEqual({
      content: text,
      sizeBytes: Buffer.byteLength(text),
      contentBytes: Buffer.byteLength(text),
      truncated: false,
      contentEncoding: null,
      expiresAt: null,
    });
    expect(requestsTo(url).map((request) => request.headers)).toMatchObject([
      { range: 'bytes=0-1024', 'accept-encoding': 'identity' },
    ]);
  });

  it('decodes multibyte UTF-8 split across 1-byte network chunks', async () => {
    const text = 'héllo wörld\n€ 100 — ok\n😀 𝄞 中文\n'.repeat(3);
    const url = s3.put(nextPath(), storedObject(text, { chunkSize: 1, chunkDelayMs: 1 }));
    expect((await fetchLogObject(url, options())).content).toBe(text);
    expect((await fetchLogObject(url, options({ tail: true }))).content).toBe(text);
  });

  it.each([false, true])('treats an empty object (416) as empty content (tail: %s)', async (tail) => {
    const url = s3.put(nextPath(), storedObject(''));
    expect(await fetchLogObject(url, options({ tail }))).toMatchObject({
      content: '',
      sizeBytes: 0,
      contentBytes: 0,
      truncated: false,
    });
  });

  it('cuts the head at a character boundary', async () => {
    const url = s3.put(nextPath(), storedObject('abc€def'));
    const log = await fetchLogObject(url, options({ maxBytes: 4 }));
    expect(log).toMatchObject({ content: 'abc', contentBytes: 3, truncated: true, sizeBytes: 9 });
  });

  it('reads the tail with a suffix Range and starts it at a line start', async () => {
    const text = numberedLines(100);
    const url = s3.put(nextPath(), storedObject(text));
    const log = await fetchLogObject(url, options({ tail: true, maxBytes: 50 }));
    expect(log).toMatchObject({ content: 'line 99: event text\nline 100: event text\n', truncated: true, sizeBytes: text.length });
    expect(requestsTo(url)[0]?.headers.range).toBe('bytes=-51');
  });

  it('cuts the tail at a character boundary when no line break is in reach', async () => {
    const url = s3.put(nextPath(), storedObject('x€y€z'));
    expect(await fetchLogObject(url, options({ tail: true, maxBytes: 5 }))).toMatchObject({ content: 'y€z', truncated: true });
  });

  it('keeps the first or last lines', async () => {
    const url = s3.put(nextPath(), storedObject(numberedLines(10)));
    expect(await fetchLogObject(url, options({ lines: 2 }))).toMatchObject({
      content: 'line 1: event text\nline 2: event text\n',
      truncated: true,
    });
    expect(await fetchLogObject(url, options({ lines: 1, tail: true }))).toMatchObject({
      content: 'line 10: event text\n',
      truncated: true,
    });
  });

  it('reads only about maxBytes of a multi-megabyte object', async () => {
    const text = numberedLines(250_000); // ≈ 5.5 MB
    const url = s3.put(nextPath(), storedObject(text));
    const before = s3.bytesServed;
    const head = await fetchLogObject(url, options({ maxBytes: 1000 }));
    const tail = await fetchLogObject(url, options({ maxBytes: 1000, tail: true }));
    expect(s3.bytesServed - before).toBe(2 * 1001);
    expect(head).toMatchObject({ truncated: true, sizeBytes: text.length });
    expect(head.content.startsWith('line 1: event text\n')).toBe(true);
    expect(tail.content.endsWith('line 250000: event text\n')).toBe(true);
    expect(tail.content.startsWith('line ')).toBe(true);
  });

  it('includes when the presigned URL expires', async () => {
    const signedAt = new Date();
    const url = s3.put(presignedPath(`fleet-1/${++pathCounter}.txt`, signedAt), storedObject('ok\n'));
    const log = await fetchLogObject(url, options());
    expect(log.expiresAt?.getTime()).toBe(Math.floor(signedAt.getTime() / 1000) * 1000 + 900_000);
  });
});

describe('fetchLogObject: servers that ignore Range', () => {
  const text = numberedLines(5_000);

  it('stops reading the head once it has enough', async () => {
    const url = s3.put(nextPath(), storedObject(text, { ignoreRange: true }));
    const log = await fetchLogObject(url, options({ maxBytes: 30 }));
    expect(log).toMatchObject({ content: 'line 1: event text\nline 2: eve', truncated: true, sizeBytes: text.length });
  });

  it('keeps only a bounded tail while streaming the body', async () => {
    const url = s3.put(nextPath(), storedObject(text, { ignoreRange: true, chunkSize: 1000 }));
    const log = await fetchLogObject(url, options({ maxBytes: 30, tail: true }));
    expect(log).toMatchObject({ content: 'line 5000: event text\n', truncated: true, sizeBytes: text.length });
  });

  it('refuses a tail that would download more than maxDownloadBytes', async () => {
    const url = s3.put(nextPath(), storedObject(text, { ignoreRange: true }));
    const error = await fetchError(url, options({ tail: true, maxDownloadBytes: 10_000 }));
    expect(error).toMatchObject({ code: 'LOG_TOO_LARGE', details: { maxDownloadBytes: 10_000 } });
  });
});

describe('fetchLogObject: gzip-stored objects', () => {
  const text = numberedLines(20_000);
  const gzipped = gzipSync(text);

  it('restarts without Range and decodes the head', async () => {
    const url = s3.put(nextPath(), storedObject(gzipped, { contentEncoding: 'gzip' }));
    const log = await fetchLogObject(url, options({ maxBytes: 38 }));
    expect(log).toMatchObject({
      content: 'line 1: event text\nline 2: event text\n',
      truncated: true,
      contentEncoding: 'gzip',
      sizeBytes: gzipped.length,
    });
    expect(requestsTo(url).map((request) => request.headers.range)).toEqual(['bytes=0-38', undefined]);
  });

  it('decodes the whole stream for the tail', async () => {
    const url = s3.put(nextPath(), storedObject(gzipped, { contentEncoding: 'gzip', chunkSize: 4096 }));
    const log = await fetchLogObject(url, options({ maxBytes: 40, tail: true }));
    expect(log).toMatchObject({ content: 'line 20000: event text\n', truncated: true, contentEncoding: 'gzip' });
  });

  it('uses a ranged answer that already holds the whole compressed object', async () => {
    const small = 'short log\n😀\n';
    const url = s3.put(nextPath(), storedObject(gzipSync(small), { contentEncoding: 'gzip' }));
    expect(await fetchLogObject(url, options({ tail: true }))).toMatchObject({ content: small, truncated: false });
    expect(requestsTo(url)).toHaveLength(1);
  });

  it('stops downloading once the head is decoded', async () => {
    const noisy = Array.from({ length: 60_000 }, (_, i) => `${i}:${Math.random().toString(36)}\n`).join('');
    const compressed = gzipSync(noisy);
    const url = s3.put(nextPath(), storedObject(compressed, { contentEncoding: 'gzip', chunkSize: 16 * 1024, chunkDelayMs: 5 }));
    const before = s3.bytesServed;
    const log = await fetchLogObject(url, options({ maxBytes: 100 }));
    expect(log.content).toBe(noisy.slice(0, 100));
    // The ranged first answer is ≤ 101 bytes; the restart is abandoned after a chunk or a few.
    expect(s3.bytesServed - before).toBeLessThan(compressed.length / 2);
  });

  it('caps the compressed bytes downloaded', async () => {
    const url = s3.put(nextPath(), storedObject(gzipped, { contentEncoding: 'gzip' }));
    const error = await fetchError(url, options({ tail: true, maxDownloadBytes: gzipped.length - 1 }));
    expect(error.code).toBe('LOG_TOO_LARGE');
  });

  it('reports a corrupt gzip object as unavailable', async () => {
    const url = s3.put(nextPath(), storedObject('not gzip at all', { contentEncoding: 'gzip' }));
    expect((await fetchError(url, options())).code).toBe('LOG_UNAVAILABLE');
  });

  it('refuses content codings it cannot decode', async () => {
    const url = s3.put(nextPath(), storedObject('compressed?', { contentEncoding: 'br' }));
    expect(await fetchError(url, options())).toMatchObject({ code: 'LOG_UNAVAILABLE', details: { contentEncoding: 'br' } });
  });
});

describe('fetchLogObject: failures', () => {
  const SIGNATURE = 'c0ffee0123456789';

  it.each([
    ['404', 'LOG_NOT_FOUND', undefined, { httpStatus: 404, s3Code: 'NoSuchKey' }],
    ['403 Request has expired', 'LOG_EXPIRED', expiredError(), { httpStatus: 403, s3Code: 'AccessDenied' }],
    [
      '403 SignatureDoesNotMatch',
      'LOG_ACCESS_DENIED',
      s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.'),
      { httpStatus: 403, s3Code: 'SignatureDoesNotMatch' },
    ],
    ['403 Access Denied', 'LOG_ACCESS_DENIED', s3Error(403, 'AccessDenied', 'Access Denied'), { s3Code: 'AccessDenied' }],
    ['500', 'LOG_UNAVAILABLE', s3Error(500, 'InternalError', 'We encountered an internal error.'), { httpStatus: 500 }],
    ['503', 'LOG_UNAVAILABLE', s3Error(503, 'SlowDown', 'Please reduce your request rate.'), { s3Code: 'SlowDown' }],
  ] as const)('maps %s to %s without leaking the signature', async (_, code, route, details) => {
    const path = presignedPath(`fleet-1/${++pathCounter}.txt`, new Date(), SIGNATURE);
    const url = route === undefined ? `http://${s3.host}${path}` : s3.put(path, route);
    const error = await fetchError(url, options());
    expect(error).toMatchObject({ code, details });
    expect(JSON.stringify([error.message, error.details])).not.toContain(SIGNATURE);
    expect(error.details.logUrl).toMatch(/X-Amz-Signature=…$/);
  });

  it('times out on a server that never answers', async () => {
    const url = s3.put(nextPath(), { kind: 'hang' });
    const started = Date.now();
    const error = await fetchError(url, options({ timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'LOG_TIMEOUT', details: { timeoutMs: 200 } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('times out on a body that trickles in too slowly', async () => {
    const url = s3.put(nextPath(), storedObject('z'.repeat(2000), { chunkSize: 1, chunkDelayMs: 5 }));
    expect((await fetchError(url, options({ timeoutMs: 200 }))).code).toBe('LOG_TIMEOUT');
  });

  it('reports a refused connection as unavailable', async () => {
    const closed = await FakeS3.start();
    const host = closed.host;
    await closed.close();
    const error = await fetchError(`http://${host}/log.txt`, options({ allowlist: parseHostAllowlist(host) }));
    expect(error.code).toBe('LOG_UNAVAILABLE');
  });

  it('rejects a malformed URL', async () => {
    expect((await fetchError('http//no-scheme/log.txt', options())).code).toBe('LOG_INVALID_URL');
  });

  it('rejects an expired URL without contacting the host', async () => {
    const signedAt = new Date('2024-01-31T23:59:59Z');
    const url = s3.put(presignedPath('fleet-1/old.txt', signedAt), storedObject('old'));
    const error = await fetchError(url, options({ now: () => signedAt.getTime() + 901_000 }));
    expect(error).toMatchObject({ code: 'LOG_EXPIRED', details: { expiredAt: '2024-02-01T00:14:59.000Z' } });
    expect(requestsTo(url)).toHaveLength(0);
    // Still valid a second earlier.
    expect(await fetchLogObject(url, options({ now: () => signedAt.getTime() + 899_000 }))).toMatchObject({ content: 'old' });
  });
});

describe('fetchLogObject: allowlist', () => {
  /** Fills `{s3}`, `{forbidden}` (host:port) and `{port}` (the forbidden listener's port). */
  const fill = (template: string) =>
    template
      .replaceAll('{s3}', s3.host)
      .replaceAll('{forbidden}', forbidden.host)
      .replaceAll('{port}', forbidden.host.split(':')[1] ?? '');

  it.each([
    ['a port the allowlist does not name', 'http://{forbidden}/log.txt', '{s3}'],
    ['plain http to a wildcard host', 'http://logs.localhost:{port}/log.txt', '*.localhost:{port}'],
    ['a host outside the default allowlist', 'http://{forbidden}/log.txt', ''],
    ['a URL with credentials', 'http://user:secret@{forbidden}/log.txt', '{forbidden}'],
  ])('never contacts %s', async (_, url, patterns) => {
    forbidden.put('/log.txt', storedObject('secret'));
    const error = await fetchError(fill(url), options({ allowlist: parseHostAllowlist(fill(patterns)) }));
    expect(error.code).toBe('LOG_HOST_NOT_ALLOWED');
    expect(JSON.stringify([error.message, error.details])).not.toContain('secret');
    expect(forbidden.requests).toHaveLength(0);
  });

  it('never follows a redirect to a host outside the allowlist', async () => {
    forbidden.put('/target.txt', storedObject('secret'));
    const url = s3.put(nextPath(), { kind: 'redirect', location: `http://${forbidden.host}/target.txt` });
    expect((await fetchError(url, options())).code).toBe('LOG_HOST_NOT_ALLOWED');
    expect(forbidden.requests).toHaveLength(0);
  });

  it('follows redirects to allowed hosts, relative ones included', async () => {
    const other = await FakeS3.start();
    try {
      const target = other.put('/moved.txt', storedObject('moved here\n'));
      const hop = s3.put(nextPath(), { kind: 'redirect', location: target });
      const url = s3.put(nextPath(), { kind: 'redirect', location: new URL(hop).pathname });
      const log = await fetchLogObject(url, options({ allowlist: parseHostAllowlist(`${s3.host},${other.host}`) }));
      expect(log.content).toBe('moved here\n');
      expect(other.requests[0]?.headers.range).toBe('bytes=0-1024');
    } finally {
      await other.close();
    }
  });

  /** A URL `hops` redirects away from `target`. */
  const redirectChain = (hops: number, target: string): string =>
    hops === 0 ? target : redirectChain(hops - 1, s3.put(nextPath(), { kind: 'redirect', location: target }));

  it('follows at most three redirects', async () => {
    const reachable = s3.put(nextPath(), storedObject('three hops away'));
    expect(await fetchLogObject(redirectChain(3, reachable), options())).toMatchObject({ content: 'three hops away' });

    const unreachable = s3.put(nextPath(), storedObject('four hops away'));
    expect((await fetchError(redirectChain(4, unreachable), options())).code).toBe('LOG_UNAVAILABLE');
    expect(requestsTo(unreachable)).toHaveLength(0);
  });
});
