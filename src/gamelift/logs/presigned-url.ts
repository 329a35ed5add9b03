/**
 * Facts about SigV4 query-presigned S3 URLs. Such a URL is a bearer credential for its
 * lifetime, so it is never written whole into logs or error messages: use `redactUrl`.
 */
import { GatewayError } from '../errors.js';

/** `X-Amz-Date` is ISO 8601 basic format, always UTC: `20240131T235959Z`. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EXPIRES_SECONDS = /^\d{1,9}$/;

/**
 * When a presigned URL stops working (`X-Amz-Date` + `X-Amz-Expires`), or `null` when the URL
 * is not presigned that way, so the caller cannot know and must just try.
 */
export function presignedUrlExpiry(url: URL): Date | null {
  const signedAt = parseAmzDate(url.searchParams.get('X-Amz-Date'));
  const expires = url.searchParams.get('X-Amz-Expires');
  if (signedAt === null || expires === null || !EXPIRES_SECONDS.test(expires)) return null;
  return new Date(signedAt + Number(expires) * 1000);
}

function parseAmzDate(value: string | null): number | null {
  if (value === null || !AMZ_DATE.test(value)) return null;
  const iso = value.replace(AMZ_DATE, '$1-$2-$3T$4:$5:$6.000Z');
  const millis = Date.parse(iso);
  // The round trip rejects dates that Date would roll over or reject (month 13, Feb 30, 25:00).
  return Number.isNaN(millis) || new Date(millis).toISOString() !== iso ? null : millis;
}

/**
 * A rendering of `url` safe for logs and error messages: scheme, host and path, with every
 * query value (signature, credential scope, security token) replaced by `…` and any
 * credentials or fragment dropped. Text that does not parse as a URL is not echoed at all.
 */
export function redactUrl(url: string | URL): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return '<unparseable URL>';
  }
  const keys = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=…`);
  const query = keys.length > 0 ? `?${keys.join('&')}` : '';
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
}

/** Parses a log URL, rejecting anything that is not an absolute http(s) URL. */
export function parseLogUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    // Not chained as a cause: URL's TypeError carries the whole input, signature included.
    throw new GatewayError('LOG_INVALID_URL', 'The log URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GatewayError('LOG_INVALID_URL', `The log URL must use https, not ${url.protocol}`, {
      logUrl: redactUrl(url),
    });
  }
  return url;
}
