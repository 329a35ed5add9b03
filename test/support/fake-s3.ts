/**
 * A local HTTP server that answers like S3 does for presigned GETs: Range/206/416 over stored
 * bytes (compressed bytes for gzip objects), XML error bodies, plus misbehaviours (ignoring
 * Range, hanging, redirecting). It records what clients asked and how much it sent.
 */
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StoredObject {
  readonly kind: 'object';
  readonly body: Buffer;
  readonly contentEncoding?: string;
  /** Answer 200 with the whole body whatever the Range header says. */
  readonly ignoreRange?: boolean;
  /** Write the body in chunks of this size (default 64 KiB), pausing `chunkDelayMs` between them. */
  readonly chunkSize?: number;
  readonly chunkDelayMs?: number;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export type FakeRoute =
  | StoredObject
  | { readonly kind: 'error'; readonly status: number; readonly code: string; readonly message: string }
  | { readonly kind: 'redirect'; readonly location: string }
  | { readonly kind: 'hang' };

export interface RecordedRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

export const storedObject = (
  body: string | Buffer,
  options: Omit<StoredObject, 'kind' | 'body'> = {},
): StoredObject => ({ kind: 'object', body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body, ...options });

export const s3Error = (status: number, code: string, message: string): FakeRoute => ({
  kind: 'error',
  status,
  code,
  message,
});

export const expiredError = () => s3Error(403, 'AccessDenied', 'Request has expired');

export class FakeS3 {
  readonly requests: RecordedRequest[] = [];
  /** Body bytes handed to the socket (stops growing once the client hangs up). */
  bytesServed = 0;
  peakInFlight = 0;
  private inFlight = 0;
  private readonly routes = new Map<string, FakeRoute>();
  /** What paths without a route get; by default S3's 404 NoSuchKey. */
  private fallback: FakeRoute | undefined;

  private constructor(
    private readonly server: Server,
    /** `127.0.0.1:<port>`, as an allowlist pattern. */
    readonly host: string,
  ) {
    server.on('request', (request, response) => {
      const url = request.url ?? '/';
      this.requests.push({ url, headers: request.headers });
      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      response.on('close', () => this.inFlight--);
      void this.answer(this.routes.get(url) ?? this.fallback, request.headers.range, response);
    });
  }

  static async start(): Promise<FakeS3> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('fake S3 is not on TCP');
    return new FakeS3(server, `127.0.0.1:${address.port}`);
  }

  /** Serves `route` at `path` (path and query, matched exactly) and returns its URL. */
  put(path: string, route: FakeRoute): string {
    this.routes.set(path, route);
    return `http://${this.host}${path}`;
  }

  /** Serves `route` at every path that has no route of its own. */
  otherwise(route: FakeRoute): void {
    this.fallback = route;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await once(this.server, 'close');
  }

  private async answer(
    route: FakeRoute | undefined,
    range: string | undefined,
    response: ServerResponse,
  ): Promise<void> {
    if (route === undefined) return sendError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
    switch (route.kind) {
      case 'hang':
        return;
      case 'redirect':
        response.writeHead(307, { location: route.location }).end();
        return;
      case 'error':
        return sendError(response, route.status, route.code, route.message);
      case 'object':
        await sleep(route.delayMs ?? 0);
        return this.sendObject(route, route.ignoreRange ? undefined : range, response);
    }
  }

  private async sendObject(object: StoredObject, range: string | undefined, response: ServerResponse): Promise<void> {
    const size = object.body.length;
    const encoding = object.contentEncoding ? { 'content-encoding': object.contentEncoding } : {};
    const span = range === undefined ? { first: 0, last: size - 1 } : parseRange(range, size);
    if (span === null) {
      response.writeHead(416, { 'content-range': `bytes */${size}`, ...encoding }).end();
      return;
    }
    const body = object.body.subarray(span.first, span.last + 1);
    const partial = range === undefined ? {} : { 'content-range': `bytes ${span.first}-${span.last}/${size}` };
    response.writeHead(range === undefined ? 200 : 206, { 'content-length': body.length, ...partial, ...encoding });
    const chunkSize = object.chunkSize ?? 64 * 1024;
    for (let offset = 0; offset < body.length && !response.destroyed; offset += chunkSize) {
      const chunk = body.subarray(offset, offset + chunkSize);
      this.bytesServed += chunk.length;
      if (!response.write(chunk)) await drainedOrClosed(response);
      if (object.chunkDelayMs) await sleep(object.chunkDelayMs);
    }
    response.end();
  }
}

/** S3's reading of a single-range `bytes=` header; `null` when unsatisfiable. */
function parseRange(header: string, size: number): { first: number; last: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) throw new Error(`fake S3 cannot parse Range: ${header}`);
  const [, from = '', to = ''] = match;
  if (from === '') {
    const suffix = Number(to);
    return size === 0 || suffix === 0 ? null : { first: Math.max(0, size - suffix), last: size - 1 };
  }
  const first = Number(from);
  if (first >= size) return null;
  return { first, last: to === '' ? size - 1 : Math.min(Number(to), size - 1) };
}

function sendError(response: ServerResponse, status: number, code: string, message: string): void {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;
  const headers = { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) };
  response.writeHead(status, headers).end(body);
}

/** `X-Amz-Date` for `date`, as SigV4 writes it. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** A path+query shaped like GameLift's presigned log URLs, signed at `signedAt`. */
export function presignedPath(key: string, signedAt: Date, signature = 'deadbeef'): string {
  const query = new URLSearchParams({
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': 'AKIAEXAMPLE/20240101/us-west-2/s3/aws4_request',
    'X-Amz-Date': amzDate(signedAt),
    'X-Amz-Expires': '900',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': signature,
  });
  return `/logs/${key}?${query.toString()}`;
}

/** Waits for room to write, or for the client to go; the listeners of the one that did not happen are removed. */
async function drainedOrClosed(response: ServerResponse): Promise<void> {
  const settled = new AbortController();
  try {
    await Promise.race([once(response, 'drain', { signal: settled.signal }), once(response, 'close', { signal: settled.signal })]);
  } finally {
    settled.abort();
  }
}
