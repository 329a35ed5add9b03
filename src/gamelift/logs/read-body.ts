/**
 * Streams a successful log response into a bounded byte window, decoding its content coding and
 * enforcing the download cap. Memory is bounded by the window, never by the object.
 */
import { pipeline, Transform, type TransformCallback } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';

import { GatewayError } from '../errors.js';
import { HeadWindow, TailWindow } from './byte-window.js';
import { parseContentEncoding, parseContentLength, parseContentRange } from './http-headers.js';
import type { LogResponse } from './http-get.js';

export interface BodyLimits {
  /** Bytes the window keeps: the caller's `maxBytes` plus the one byte that detects truncation. */
  readonly windowBytes: number;
  readonly tail: boolean;
  /** Cap on bytes received as stored (compressed, for gzip objects). */
  readonly maxDownloadBytes: number;
}

export interface ReadBody {
  /** Decoded bytes: the first (head) or last (tail) `windowBytes` of the object. */
  readonly window: Buffer;
  /** Size of the stored object when the response says so or it was read to the end. */
  readonly sizeBytes: number | null;
  readonly contentEncoding: string | null;
  /** The window is the whole decoded object: any head or tail of it can be cut from the window alone. */
  readonly whole: boolean;
}

const DECODERS: Readonly<Record<string, () => Gunzip>> = { gzip: createGunzip, 'x-gzip': createGunzip };

/** Reads a 200, or a 206 whose Content-Range fits the request (checked here). */
export async function readBody(response: LogResponse, limits: BodyLimits, logUrl: string): Promise<ReadBody> {
  const contentEncoding = parseContentEncoding(response.headers);
  try {
    const declaredSize =
      response.status === 206
        ? checkedRangeTotal(response, limits.tail, logUrl)
        : parseContentLength(response.headers);
    // A tail needs the whole body when the server ignored Range; refuse up front what the cap would stop anyway.
    const contentLength = parseContentLength(response.headers);
    if (limits.tail && contentLength !== null && contentLength > limits.maxDownloadBytes) {
      throw tooLarge(limits.maxDownloadBytes, logUrl);
    }

    const counter = new DownloadCap(limits.maxDownloadBytes, logUrl);
    const decoder = decoderFor(contentEncoding, logUrl);
    // Errors from any stage are surfaced by destroying the last one, which the loop below reads.
    const ignore = () => {};
    const decoded: AsyncIterable<Buffer> =
      decoder === null
        ? pipeline(response.body, counter, ignore)
        : pipeline(response.body, counter, decoder, ignore);
    const window = limits.tail ? new TailWindow(limits.windowBytes) : new HeadWindow(limits.windowBytes);
    let readToEnd = true;
    for await (const chunk of decoded) {
      if (!window.push(chunk)) {
        readToEnd = false;
        break;
      }
    }
    const sizeBytes = declaredSize ?? (readToEnd ? counter.received : null);
    // A range that is the whole object, or a whole body, read to its end and kept entire.
    const wholeBody = response.status === 200 || servesWholeObject(response);
    return { window: window.bytes(), sizeBytes, contentEncoding, whole: wholeBody && readToEnd && window.holdsAll() };
  } finally {
    response.close();
  }
}

/** A 206 whose Content-Range covers the object from its first byte to its last. */
export function servesWholeObject(response: LogResponse): boolean {
  const contentRange = parseContentRange(response.headers);
  const served = contentRange?.range;
  return served != null && served.first === 0 && served.last + 1 === contentRange?.total;
}

function decoderFor(contentEncoding: string | null, logUrl: string): Gunzip | null {
  if (contentEncoding === null) return null;
  const create = DECODERS[contentEncoding];
  if (create === undefined) {
    throw new GatewayError(
      'LOG_UNAVAILABLE',
      `The log object has an unsupported Content-Encoding "${contentEncoding}"`,
      { logUrl, contentEncoding },
    );
  }
  return create();
}

/**
 * The object size from a 206's Content-Range, after checking the server served the range asked
 * for: the start for a head, the end for a tail. A server serving another range would make the
 * content (and its `truncated` flag) wrong, so that is an error rather than a guess.
 */
function checkedRangeTotal(response: LogResponse, tail: boolean, logUrl: string): number | null {
  const contentRange = parseContentRange(response.headers);
  const served = contentRange?.range;
  const total = contentRange?.total ?? null;
  const fits = served != null && (tail ? total !== null && served.last === total - 1 : served.first === 0);
  if (!fits) {
    throw new GatewayError('LOG_UNAVAILABLE', 'The log server answered with an unexpected byte range', {
      logUrl,
      contentRange: response.headers['content-range'] ?? '',
    });
  }
  return total;
}

function tooLarge(maxDownloadBytes: number, logUrl: string): GatewayError {
  return new GatewayError(
    'LOG_TOO_LARGE',
    `Reading this part of the log would download more than ${maxDownloadBytes} bytes`,
    { logUrl, maxDownloadBytes },
  );
}

/** Counts bytes as received (before decoding) and fails the stream past the cap. */
class DownloadCap extends Transform {
  received = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly logUrl: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.received += chunk.length;
    if (this.received > this.maxBytes) callback(tooLarge(this.maxBytes, this.logUrl));
    else callback(null, chunk);
  }
}
