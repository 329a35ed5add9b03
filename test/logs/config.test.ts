import { describe, expect, it } from 'vitest';

import { defaultHostAllowlist } from '../../src/gamelift/logs/allowlist.js';
import { defaultLogFetchConfig, logFetchConfigFromEnv } from '../../src/gamelift/logs/config.js';

describe('logFetchConfigFromEnv', () => {
  it('uses the defaults when nothing is set', () => {
    expect(logFetchConfigFromEnv({})).toEqual(defaultLogFetchConfig);
    expect(defaultLogFetchConfig).toEqual({
      allowlist: defaultHostAllowlist,
      maxBytes: 1_048_576,
      timeoutMs: 10_000,
      maxDownloadBytes: 67_108_864,
      maxConcurrent: 8,
      maxLogsPerRequest: 20,
      maxBytesPerRequest: 8_388_608,
    });
  });

  it('reads the variables', () => {
    const config = logFetchConfigFromEnv({
      LOG_URL_ALLOWED_HOSTS: 'localhost:9000',
      LOG_MAX_BYTES: ' 2048 ',
      LOG_FETCH_TIMEOUT_MS: '500',
      LOG_MAX_PER_REQUEST: '5',
      LOG_MAX_BYTES_PER_REQUEST: '65536',
      LOG_MAX_CONCURRENT: '2',
    });
    expect(config).toMatchObject({
      allowlist: { patterns: [{ host: 'localhost', wildcard: false, port: 9000 }] },
      maxBytes: 2048,
      timeoutMs: 500,
      maxLogsPerRequest: 5,
      maxBytesPerRequest: 65_536,
      maxConcurrent: 2,
    });
  });

  it('treats blank values as unset', () => {
    expect(logFetchConfigFromEnv({ LOG_MAX_BYTES: '', LOG_URL_ALLOWED_HOSTS: ' ' })).toEqual(defaultLogFetchConfig);
  });

  it.each([
    ['LOG_MAX_BYTES', 'lots'],
    ['LOG_MAX_BYTES', '0'],
    ['LOG_FETCH_TIMEOUT_MS', '-1'],
    ['LOG_FETCH_TIMEOUT_MS', '1.5'],
    ['LOG_MAX_PER_REQUEST', '1e3'],
    ['LOG_MAX_PER_REQUEST', '99999999999999999999'],
    ['LOG_MAX_BYTES_PER_REQUEST', '0'],
    ['LOG_MAX_CONCURRENT', 'eight'],
  ])('rejects %s=%j', (name, value) => {
    expect(() => logFetchConfigFromEnv({ [name]: value })).toThrow(new RegExp(`^${name} must be an integer from \\d+ to \\d+, got "${value.replace('.', '\\.')}"$`));
  });

  it('keeps LOG_MAX_BYTES below the download cap', () => {
    expect(() => logFetchConfigFromEnv({ LOG_MAX_BYTES: String(64 * 1024 * 1024) })).toThrow(/LOG_MAX_BYTES must be an integer from 1 to 67108863/);
  });

  it('rejects a bad allowlist', () => {
    expect(() => logFetchConfigFromEnv({ LOG_URL_ALLOWED_HOSTS: 'https://x' })).toThrow(/LOG_URL_ALLOWED_HOSTS/);
  });
});
