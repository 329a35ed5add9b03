/** Limits and allowlist for reading presigned log URLs, with their environment variables. */
import { defaultHostAllowlist, parseHostAllowlist, type HostAllowlist } from './allowlist.js';

export interface LogFetchConfig {
  readonly allowlist: HostAllowlist;
  /** Largest `maxBytes` a caller may ask for, and the default when it asks for none. */
  readonly maxBytes: number;
  /** Deadline for each fetch, redirects and body included. */
  readonly timeoutMs: number;
  /** Hard cap on bytes downloaded per fetch (gzip objects and Range-ignoring servers stream). */
  readonly maxDownloadBytes: number;
  /** Fetches running at once within one GraphQL request. */
  readonly maxConcurrent: number;
  /** Distinct fetches (URL and options) one GraphQL request may make. */
  readonly maxLogsPerRequest: number;
}

export const defaultLogFetchConfig: LogFetchConfig = Object.freeze({
  allowlist: defaultHostAllowlist,
  maxBytes: 1024 * 1024,
  timeoutMs: 10_000,
  maxDownloadBytes: 64 * 1024 * 1024,
  maxConcurrent: 4,
  maxLogsPerRequest: 20,
});

/**
 * Reads LOG_URL_ALLOWED_HOSTS, LOG_MAX_BYTES, LOG_FETCH_TIMEOUT_MS and LOG_MAX_PER_REQUEST;
 * unset or blank variables keep their defaults, invalid ones throw at startup.
 */
export function logFetchConfigFromEnv(env: Readonly<Record<string, string | undefined>>): LogFetchConfig {
  const maxBytes = positiveInteger(env, 'LOG_MAX_BYTES', defaultLogFetchConfig.maxBytes);
  // Reading maxBytes takes one byte more (see log-text.ts), which the download cap must allow.
  if (maxBytes >= defaultLogFetchConfig.maxDownloadBytes) {
    throw new Error(`LOG_MAX_BYTES must be less than ${defaultLogFetchConfig.maxDownloadBytes}, got ${maxBytes}`);
  }
  return {
    ...defaultLogFetchConfig,
    allowlist: parseHostAllowlist(env.LOG_URL_ALLOWED_HOSTS),
    maxBytes,
    timeoutMs: positiveInteger(env, 'LOG_FETCH_TIMEOUT_MS', defaultLogFetchConfig.timeoutMs),
    maxLogsPerRequest: positiveInteger(env, 'LOG_MAX_PER_REQUEST', defaultLogFetchConfig.maxLogsPerRequest),
  };
}

function positiveInteger(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  }
  return value;
}
