import { Writable } from 'node:stream';
import { afterAll, expect } from 'vitest';

/** Every JSON log line the gateways of this test file wrote. */
const lines: Record<string, unknown>[] = [];

/** A log destination for in-process gateways that keeps what they write for the tests to read. */
export function captureLogs(): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
}

export function capturedLogs(): readonly Record<string, unknown>[] {
  return lines;
}

/**
 * What must never be in a log line: API keys (this gateway's `fg_` format), JWTs, bearer
 * credentials, presigned URL signatures and credentials, and log content.
 */
export const SECRET_PATTERNS: readonly RegExp[] = [
  /fg_[A-Za-z0-9_-]{20,}/,
  /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\./,
  /Bearer\s+\S/i,
  /X-Amz-(Signature|Credential|Security-Token)/i,
  /"authorization"|"x-api-key"/i,
];

// Checked for every test file that starts a gateway: across the whole run, no line leaks a secret.
afterAll(() => {
  const leaks = lines.map((line) => JSON.stringify(line)).filter((text) => SECRET_PATTERNS.some((pattern) => pattern.test(text)));
  expect(leaks).toEqual([]);
});
