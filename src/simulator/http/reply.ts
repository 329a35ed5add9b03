import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Sends a complete response; `body` is omitted for HEAD but still sizes Content-Length. */
export function reply(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string | Buffer = '', headOnly = false): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  response.writeHead(status, { ...headers, 'Content-Length': bytes.length });
  response.end(headOnly ? undefined : bytes);
}

/** A JSON answer, the way the simulator's own `/_simulator` routes send them. */
export function replyJson(response: ServerResponse, status: number, value: unknown): void {
  reply(response, status, { 'Content-Type': 'application/json' }, JSON.stringify(value));
}

const CHUNK_BYTES = 64 * 1024;

function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) yield bytes.subarray(offset, offset + CHUNK_BYTES);
}

/**
 * Streams `bytes` (already-sized headers must be written) in zero-copy slices with backpressure,
 * so a slow reader of a multi-MiB log holds no extra memory. Resolves when done or the client left.
 */
export async function streamBody(response: ServerResponse, bytes: Buffer): Promise<void> {
  try {
    await pipeline(Readable.from(chunksOf(bytes), { objectMode: false }), response);
  } catch {
    // The client disconnected mid-body; nothing is left to tell it.
  }
}
