/** Limits and allowlist for reading presigned log URLs, with their environment variables. */
import { readEnv, type Env, type EnvReader } from '../../env.js';
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
 * unset or blank variables keep their defaults, invalid ones are reported as problems.
 */
export function readLogFetchConfig(env: EnvReader): LogFetchConfig {
  // Reading maxBytes takes one byte more (see log-text.ts), which the download cap must allow.
  const maxBytes = env.integer('LOG_MAX_BYTES', defaultLogFetchConfig.maxBytes, 1, defaultLogFetchConfig.maxDownloadBytes - 1);
  return {
    ...defaultLogFetchConfig,
    allowlist: env.value('LOG_URL_ALLOWED_HOSTS', defaultLogFetchConfig.allowlist, parseHostAllowlist),
    maxBytes,
    timeoutMs: env.integer('LOG_FETCH_TIMEOUT_MS', defaultLogFetchConfig.timeoutMs, 1, 300_000),
    maxLogsPerRequest: env.integer('LOG_MAX_PER_REQUEST', defaultLogFetchConfig.maxLogsPerRequest, 1, 1000),
  };
}

/** The log settings alone; throws ConfigError on a bad value. */
export function logFetchConfigFromEnv(env: Env): LogFetchConfig {
  return readEnv(env, readLogFetchConfig);
}
