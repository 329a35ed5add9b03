/**
 * GET over node:http(s), following a few redirects, each target checked against the allowlist
 * before it is contacted.
 *
 * Not global fetch: undici decodes Content-Encoding transparently, and with gzip-stored objects
 * that hides the fact that Range counted compressed bytes. Here the body arrives as stored.
 */
import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type OutgoingHttpHeaders,
} from 'node:http';
import { request as httpsRequest } from 'node:https';

import { GatewayError } from '../errors.js';
import { isUrlAllowed, type HostAllowlist } from './allowlist.js';
import { redactUrl } from './presigned-url.js';

export interface LogResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: IncomingMessage;
  /** Abandons the body: closes the connection instead of draining a possibly huge object. */
  close(): void;
}

export interface GetOptions {
  readonly headers: OutgoingHttpHeaders;
  readonly allowlist: HostAllowlist;
  readonly signal: AbortSignal;
}

const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Throws LOG_HOST_NOT_ALLOWED unless the allowlist admits `url`. */
export function assertUrlAllowed(url: URL, allowlist: HostAllowlist): void {
  if (!isUrlAllowed(url, allowlist)) {
    throw new GatewayError(
      'LOG_HOST_NOT_ALLOWED',
      `The gateway may not fetch logs from ${url.protocol}//${url.host}`,
      { logUrl: redactUrl(url) },
    );
  }
}

export async function getFollowingRedirects(url: URL, options: GetOptions): Promise<LogResponse> {
  let target = url;
  for (let redirects = 0; ; redirects++) {
    assertUrlAllowed(target, options.allowlist);
    const response = await getOnce(target, options);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || location === undefined) return response;
    response.close();
    if (redirects === MAX_REDIRECTS) {
      throw new GatewayError('LOG_UNAVAILABLE', `The log URL redirected more than ${MAX_REDIRECTS} times`, {
        logUrl: redactUrl(url),
      });
    }
    target = redirectTarget(location, target);
  }
}

function redirectTarget(location: string, base: URL): URL {
  try {
    return new URL(location, base);
  } catch {
    throw new GatewayError('LOG_UNAVAILABLE', 'The log server redirected to an invalid URL', {
      logUrl: redactUrl(base),
    });
  }
}

function getOnce(url: URL, { headers, signal }: GetOptions): Promise<LogResponse> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    // agent: false — abandoned bodies destroy their socket; a fresh one per request keeps that local.
    const request = send(url, { method: 'GET', headers, signal, agent: false }, (body) => {
      resolve({
        status: body.statusCode ?? 0,
        headers: body.headers,
        body,
        close: () => {
          // Destroying the body first keeps the request's teardown from emitting an unhandled 'aborted' error on it.
          body.destroy();
          request.destroy();
        },
      });
    });
    request.on('error', reject);
    request.end();
  });
}
