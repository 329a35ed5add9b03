/**
 * A stand-in for S3 serving one big log for any path: 200 with the whole object, or 206 for a
 * single `Range: bytes=a-b | a- | -n` as S3 does, or, switched to ignore Range, always the whole
 * object streamed (what a misbehaving server or proxy does). Signatures are not checked: the
 * simulator's presigned URLs point here through its `logUrlBase`.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable, pipeline } from 'node:stream';

export interface LogServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly sizeBytes: number;
  honourRange(honour: boolean): void;
  /** Requests served, and bytes handed to sockets: what clients took, plus at most the socket buffers. */
  stats(): { requests: number; bytesSent: number };
  resetStats(): void;
  close(): Promise<void>;
}

/** Installer-like lines, repeated to `sizeBytes`: text like the real logs, made once. */
function makeLog(sizeBytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const time = new Date(Date.UTC(2026, 8, 29, 12, 0, 0, i * 37)).toISOString();
    lines.push(`${time} [installer] step ${String(i).padStart(5, '0')}: copying C:\\game\\content\\pak${i % 97}.bin (${(i * 7919) % 65_536} bytes)\n`);
  }
  const block = Buffer.from(lines.join(''));
  const log = Buffer.alloc(sizeBytes);
  for (let offset = 0; offset < sizeBytes; offset += block.length) block.copy(log, offset, 0, Math.min(block.length, sizeBytes - offset));
  return log;
}

/**
 * The object in 64 KiB chunks as the socket drains, so that a client which stops reading stops
 * the sending too (one `end(buffer)` would hand all of it to the socket at once).
 */
function streamOf(bytes: Buffer): Readable {
  const CHUNK = 64 * 1024;
  return Readable.from(
    (function* chunks() {
      for (let offset = 0; offset < bytes.length; offset += CHUNK) yield bytes.subarray(offset, offset + CHUNK);
    })(),
    { objectMode: false },
  );
}

/** The inclusive byte range a single-range header asks for, null when absent or not one S3 would honour. */
function parseRange(header: string | undefined, size: number): { first: number; last: number } | null {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') return { first: Math.max(0, size - Number(match[2])), last: size - 1 };
  const first = Number(match[1]);
  return { first, last: match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2])) };
}

export async function startLogServer(sizeBytes: number): Promise<LogServer> {
  const log = makeLog(sizeBytes);
  let honour = true;
  let requests = 0;
  let bytesSent = 0;

  const serve = (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    requests++;
    const written = request.socket.bytesWritten;
    // A client that stops reading (the gateway at its cap) destroys the socket: count what went out.
    response.once('close', () => (bytesSent += request.socket.bytesWritten - written));
    response.on('error', () => {});
    const range = honour ? parseRange(request.headers.range, log.length) : null;
    const headers = { 'content-type': 'text/plain; charset=utf-8', 'accept-ranges': honour ? 'bytes' : 'none' };
    if (range && range.first >= log.length) {
      response.writeHead(416, { 'content-range': `bytes */${log.length}` }).end();
    } else if (range) {
      response.writeHead(206, { ...headers, 'content-range': `bytes ${range.first}-${range.last}/${log.length}` });
      response.end(log.subarray(range.first, range.last + 1));
    } else {
      response.writeHead(200, { ...headers, 'content-length': log.length });
      // A client hanging up mid-object ends the pipeline with an error: that is the case measured.
      pipeline(streamOf(log), response, () => {});
    }
  };

  const server = createServer(serve).listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    sizeBytes: log.length,
    honourRange: (value) => void (honour = value),
    stats: () => ({ requests, bytesSent }),
    resetStats: () => {
      requests = 0;
      bytesSent = 0;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
