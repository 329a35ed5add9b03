/**
 * Reads the start or the end of one log object behind a presigned URL, in a single bounded,
 * timed fetch.
 */
import type { OutgoingHttpHeaders } from 'node:http';

import { GatewayError } from '../errors.js';
import type { HostAllowlist } from './allowlist.js';
import { errorFromResponse } from './error-response.js';
import { assertUrlAllowed, getFollowingRedirects, type LogResponse } from './http-get.js';
import { parseContentEncoding, parseContentRange } from './http-headers.js';
import { shapeLogText, type LogTextLimits } from './log-text.js';
import { parseLogUrl, presignedUrlExpiry, redactUrl } from './presigned-url.js';
import { readBody, servesWholeObject, type ReadBody } from './read-body.js';

/** How one log object is read: which end of it, how much, and within which bounds. */
export interface LogWindowOptions {
  readonly allowlist: HostAllowlist;
  /** Bytes to keep from the chosen end of the object (a positive integer). */
  readonly windowBytes: number;
  /** Keep the end of the object instead of its start. */
  readonly tail: boolean;
  /** Deadline for the whole fetch, redirects and body included. */
  readonly timeoutMs: number;
  /** Hard cap on bytes received as stored, which gzip objects or Range-ignoring servers need. */
  readonly maxDownloadBytes: number;
  /** Clock for the local expiry check, in epoch milliseconds; defaults to Date.now. */
  readonly now?: () => number;
  /** Aborts the read (the request it serves has ended). */
  readonly signal?: AbortSignal;
}

export interface FetchLogOptions extends Omit<LogWindowOptions, 'windowBytes'>, LogTextLimits {}

/** The bytes read from one end of a log object, and what the response said of the object. */
export interface LogWindow extends ReadBody {
  /** When the presigned URL stops working, if it says. */
  readonly expiresAt: Date | null;
}

export interface LogObject {
  readonly content: string;
  /** Size of the object as stored (compressed, for gzip objects), when the server says so. */
  readonly sizeBytes: number | null;
  /** UTF-8 length of `content`. */
  readonly contentBytes: number;
  /** Whether `content` is less than the whole object. */
  readonly truncated: boolean;
  readonly contentEncoding: string | null;
  /** When the presigned URL stops working, if it says. */
  readonly expiresAt: Date | null;
}

/** Reads the start or the end of a log object (`fetchLogObject` below), cut to the caller's limits. */
export async function fetchLogObject(rawUrl: string, options: FetchLogOptions): Promise<LogObject> {
  // One byte more than asked for: its presence says the content is truncated (see log-text.ts).
  return logFromWindow(await readLogWindow(rawUrl, { ...options, windowBytes: options.maxBytes + 1 }), options);
}

/** The text a caller gets from a window: cut to its limits without splitting a character (or, tailing, a line). */
export function logFromWindow(read: LogWindow, limits: LogTextLimits): LogObject {
  return { ...shapeLogText(read.window, limits), sizeBytes: read.sizeBytes, contentEncoding: read.contentEncoding, expiresAt: read.expiresAt };
}

/**
 * Throws GatewayError: LOG_INVALID_URL, LOG_HOST_NOT_ALLOWED (the host is never contacted),
 * LOG_EXPIRED (locally from X-Amz-Date/X-Amz-Expires, or S3's 403), LOG_ACCESS_DENIED,
 * LOG_NOT_FOUND, LOG_TOO_LARGE, LOG_TIMEOUT, LOG_UNAVAILABLE.
 */
export async function readLogWindow(rawUrl: string, options: LogWindowOptions): Promise<LogWindow> {
  const url = parseLogUrl(rawUrl);
  const logUrl = redactUrl(url);
  assertUrlAllowed(url, options.allowlist);
  const expiresAt = presignedUrlExpiry(url);
  if (expiresAt !== null && expiresAt.getTime() <= (options.now ?? Date.now)()) {
    throw new GatewayError('LOG_EXPIRED', 'The presigned log URL has expired', {
      logUrl,
      expiredAt: expiresAt.toISOString(),
    });
  }

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline.signal, options.signal]) : deadline.signal;
  try {
    return { ...(await download(url, options, signal, logUrl)), expiresAt };
  } catch (error) {
    throw asGatewayError(error, deadline.signal, options.timeoutMs, logUrl);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Asks for just the window (plus one byte, see log-text.ts) with Range. Range counts stored
 * bytes, so for a compressed object a partial answer is useless: it is dropped and the object
 * is streamed from the start, decoding only as far as needed.
 */
async function download(url: URL, options: LogWindowOptions, signal: AbortSignal, logUrl: string): Promise<ReadBody> {
  const { allowlist, windowBytes, tail, maxDownloadBytes } = options;
  // identity: keeps proxies from compressing on the fly, which would defeat Range.
  const get = (headers: OutgoingHttpHeaders) =>
    getFollowingRedirects(url, { headers: { 'accept-encoding': 'identity', ...headers }, allowlist, signal });
  const limits = { windowBytes, tail, maxDownloadBytes };

  const ranged = await get({ range: tail ? `bytes=-${windowBytes}` : `bytes=0-${windowBytes - 1}` });
  if (ranged.status === 416) return emptyObject(ranged, logUrl);
  if (ranged.status !== 200 && ranged.status !== 206) throw await errorFromResponse(ranged, logUrl);
  if (ranged.status === 200 || parseContentEncoding(ranged.headers) === null || servesWholeObject(ranged)) {
    return readBody(ranged, limits, logUrl);
  }
  ranged.close();
  const whole = await get({});
  if (whole.status !== 200) throw await errorFromResponse(whole, logUrl);
  return readBody(whole, limits, logUrl);
}

/** S3 answers 416 to any Range on an empty object: that is an empty log, not an error. */
function emptyObject(response: LogResponse, logUrl: string): ReadBody {
  response.close();
  const total = parseContentRange(response.headers)?.total ?? 0;
  if (total !== 0) {
    throw new GatewayError('LOG_UNAVAILABLE', 'The log server refused the byte range', { logUrl, sizeBytes: total });
  }
  return { window: Buffer.alloc(0), sizeBytes: 0, contentEncoding: parseContentEncoding(response.headers), whole: true };
}

function asGatewayError(error: unknown, deadline: AbortSignal, timeoutMs: number, logUrl: string): GatewayError {
  if (error instanceof GatewayError) return error;
  if (deadline.aborted) {
    return new GatewayError('LOG_TIMEOUT', `Fetching the log took longer than ${timeoutMs} ms`, { logUrl, timeoutMs });
  }
  // Socket errors, resets, invalid gzip: nothing the client can fix by changing the request.
  return new GatewayError('LOG_UNAVAILABLE', 'The log could not be read', { logUrl }, { cause: error });
}
