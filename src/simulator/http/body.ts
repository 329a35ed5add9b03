import type { IncomingMessage } from 'node:http';

/** GameLift requests are small; anything bigger than this is a client bug or abuse. */
export const MAX_BODY_BYTES = 1024 * 1024;

export type RequestBody = { readonly tooLarge: false; readonly bytes: Buffer } | { readonly tooLarge: true };

/**
 * Reads the whole body, keeping at most `limit` bytes. An oversized body is still read to the
 * end (and dropped) so the client finishes sending and can read the error instead of seeing the
 * connection reset mid-upload. Rejects if the client goes away.
 */
export async function readBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<RequestBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size <= limit) chunks.push(bytes);
  }
  return size > limit ? { tooLarge: true } : { tooLarge: false, bytes: Buffer.concat(chunks, size) };
}
