import { afterAll, beforeAll } from 'vitest';

/**
 * Starts something before a test file's tests and stops it after them. Returns an accessor,
 * since the value exists only once `beforeAll` has run.
 */
export function perFile<T>(start: () => Promise<T>, stop: (value: T) => Promise<void>): () => T {
  let value: T | undefined;
  beforeAll(async () => {
    value = await start();
  });
  afterAll(async () => {
    if (value !== undefined) await stop(value);
  });
  return () => {
    if (value === undefined) throw new Error('started in beforeAll: use it inside tests and hooks only');
    return value;
  };
}
