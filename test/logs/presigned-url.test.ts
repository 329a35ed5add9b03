import { describe, expect, it } from 'vitest';

import { GatewayError } from '../../src/gamelift/errors.js';
import { parseLogUrl, presignedUrlExpiry, redactUrl } from '../../src/gamelift/logs/presigned-url.js';

const SIGNATURE = '7d3b5a0c9e1f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b';
const PRESIGNED =
  'https://gamelift-event-logs-prod-us-west-2.s3.us-west-2.amazonaws.com/logs/fleet-1/events/ev-1/FLEET_CREATION_RUNNING_INSTALLER.txt' +
  '?X-Amz-Security-Token=IQoJb3JpZ2luX2VjEJr%2F%2F%2F%2FsecretToken&X-Amz-Algorithm=AWS4-HMAC-SHA256' +
  '&X-Amz-Date=20240131T235959Z&X-Amz-SignedHeaders=host&X-Amz-Expires=900' +
  `&X-Amz-Credential=ASIAEXAMPLE%2F20240131%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Signature=${SIGNATURE}`;

describe('presignedUrlExpiry', () => {
  it('adds X-Amz-Expires to X-Amz-Date', () => {
    expect(presignedUrlExpiry(new URL(PRESIGNED))?.toISOString()).toBe('2024-02-01T00:14:59.000Z');
  });

  it.each([
    ['no presigning', 'https://h/k'],
    ['no X-Amz-Expires', 'https://h/k?X-Amz-Date=20240131T235959Z'],
    ['no X-Amz-Date', 'https://h/k?X-Amz-Expires=900'],
    ['extended ISO date', 'https://h/k?X-Amz-Date=2024-01-31T23:59:59Z&X-Amz-Expires=900'],
    ['impossible date', 'https://h/k?X-Amz-Date=20240230T000000Z&X-Amz-Expires=900'],
    ['impossible hour', 'https://h/k?X-Amz-Date=20240101T250000Z&X-Amz-Expires=900'],
    ['negative expiry', 'https://h/k?X-Amz-Date=20240101T000000Z&X-Amz-Expires=-5'],
    ['fractional expiry', 'https://h/k?X-Amz-Date=20240101T000000Z&X-Amz-Expires=1.5'],
  ])('is null with %s', (_, url) => {
    expect(presignedUrlExpiry(new URL(url))).toBeNull();
  });
});

describe('redactUrl', () => {
  it('keeps scheme, host, path and parameter names, never their values', () => {
    const redacted = redactUrl(PRESIGNED);
    expect(redacted).toBe(
      'https://gamelift-event-logs-prod-us-west-2.s3.us-west-2.amazonaws.com/logs/fleet-1/events/ev-1/FLEET_CREATION_RUNNING_INSTALLER.txt' +
        '?X-Amz-Security-Token=…&X-Amz-Algorithm=…&X-Amz-Date=…&X-Amz-SignedHeaders=…&X-Amz-Expires=…&X-Amz-Credential=…&X-Amz-Signature=…',
    );
    expect(redacted).not.toContain(SIGNATURE);
    expect(redacted).not.toContain('secretToken');
    expect(redacted).not.toContain('ASIAEXAMPLE');
  });

  it('drops credentials and fragments, keeps a non-default port', () => {
    expect(redactUrl(new URL('http://user:pw@127.0.0.1:9000/a%20b?sig=1#frag'))).toBe('http://127.0.0.1:9000/a%20b?sig=…');
  });

  it('does not echo text that is not a URL', () => {
    expect(redactUrl(`not a url ${SIGNATURE}`)).toBe('<unparseable URL>');
  });
});

describe('parseLogUrl', () => {
  it.each([`not a url?X-Amz-Signature=${SIGNATURE}`, '/relative/path', `file:///etc/passwd?X-Amz-Signature=${SIGNATURE}`])(
    'rejects %j with LOG_INVALID_URL and no signature in the error',
    (raw) => {
      const error = captureError(() => parseLogUrl(raw));
      expect(error).toMatchObject({ code: 'LOG_INVALID_URL' });
      expect(JSON.stringify({ message: error.message, details: error.details, cause: String(error.cause) })).not.toContain(
        SIGNATURE,
      );
    },
  );

  it('accepts long presigned URLs (no 1,024-character limit)', () => {
    const long = `${PRESIGNED}&X-Amz-Padding=${'p'.repeat(2000)}`;
    expect(parseLogUrl(long).href.length).toBeGreaterThan(2000);
  });
});

function captureError(action: () => unknown): GatewayError {
  try {
    action();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('expected a GatewayError');
}
