import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../faults.js';
import { reply, streamBody } from '../http/reply.js';
import type { StatsRecorder } from '../stats.js';
import type { StoredLog } from './objects.js';
import { parseRange } from './range.js';
import { invalidRange, noSuchKey, requestExpired, s3ErrorXml, s3RequestId, signatureDoesNotMatch, type S3Error } from './s3-errors.js';
import { LogUrlSigner } from './signer.js';

export interface LogStoreDeps {
  readonly objects: ReadonlyMap<string, StoredLog>;
  readonly signer: LogUrlSigner;
  readonly faults: FaultInjector;
  readonly stats: StatsRecorder;
  readonly now: () => number;
}

function sendError(response: ServerResponse, error: S3Error, headOnly: boolean, extraHeaders: Record<string, string> = {}): void {
  const requestId = s3RequestId();
  reply(response, error.status, { 'Content-Type': 'application/xml', 'x-amz-request-id': requestId, ...extraHeaders }, s3ErrorXml(error, requestId), headOnly);
}

/** S3's order: authenticate the URL (signature, then expiry) before looking the object up. */
function denial(key: string, query: URLSearchParams, deps: LogStoreDeps): S3Error | undefined {
  const now = deps.now();
  const expiresAt = LogUrlSigner.expiresAt(query);
  // The fault emulates the clock passing between minting and fetching, so it wins over everything.
  if (deps.faults.takeLogExpiry()) return requestExpired(expiresAt ?? now, now);
  if (!deps.signer.verify(key, query)) {
    return signatureDoesNotMatch(LogUrlSigner.accessKeyId(query), query.get('X-Amz-Signature') ?? '');
  }
  if (expiresAt === undefined || now > expiresAt) return requestExpired(expiresAt ?? now, now);
  return undefined;
}

/** GET or HEAD of a log object through a presigned URL, with S3's status codes, headers and ranges. */
export async function serveLog(request: IncomingMessage, response: ServerResponse, url: URL, deps: LogStoreDeps): Promise<void> {
  deps.stats.countLogRequest();
  request.resume();
  const headOnly = request.method === 'HEAD';
  const key = url.pathname.slice(1);

  const denied = denial(key, url.searchParams, deps);
  if (denied) return sendError(response, denied, headOnly);
  const object = deps.objects.get(key);
  if (!object) return sendError(response, noSuchKey(key), headOnly);

  const size = object.body.length;
  const range = parseRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    return sendError(response, invalidRange(request.headers.range ?? '', size), headOnly, { 'Content-Range': `bytes */${size}` });
  }
  const [start, end] = range.kind === 'part' ? [range.start, range.end] : [0, size - 1];
  const body = object.body.subarray(start, end + 1);
  response.writeHead(range.kind === 'part' ? 206 : 200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': body.length,
    ETag: object.etag,
    'Last-Modified': object.lastModified,
    'Accept-Ranges': 'bytes',
    ...(object.contentEncoding ? { 'Content-Encoding': object.contentEncoding } : {}),
    ...(range.kind === 'part' ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}),
    'x-amz-request-id': s3RequestId(),
  });
  if (headOnly) response.end();
  else await streamBody(response, body);
}
