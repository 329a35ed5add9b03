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
  /** Log downloads running at once in the whole process; more wait their turn, by client. */
  readonly maxConcurrent: number;
  /** Log fields (every occurrence, aliases included) one result may resolve: a query, or one event of a subscription. */
  readonly maxLogsPerRequest: number;
  /** Bytes of log content one result may carry; past it, the remaining log fields are LOG_LIMIT_EXCEEDED. */
  readonly maxBytesPerRequest: number;
}

export const defaultLogFetchConfig: LogFetchConfig = Object.freeze({
  allowlist: defaultHostAllowlist,
  maxBytes: 1024 * 1024,
  timeoutMs: 10_000,
  maxDownloadBytes: 64 * 1024 * 1024,
  maxConcurrent: 8,
  maxLogsPerRequest: 20,
  maxBytesPerRequest: 8 * 1024 * 1024,
});

/**
 * Reads LOG_URL_ALLOWED_HOSTS, LOG_MAX_BYTES, LOG_FETCH_TIMEOUT_MS, LOG_MAX_PER_REQUEST,
 * LOG_MAX_BYTES_PER_REQUEST and LOG_MAX_CONCURRENT; unset or blank variables keep their
 * defaults, invalid ones are reported as problems.
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
    maxBytesPerRequest: env.integer('LOG_MAX_BYTES_PER_REQUEST', defaultLogFetchConfig.maxBytesPerRequest, 1, 1024 * 1024 * 1024),
    maxConcurrent: env.integer('LOG_MAX_CONCURRENT', defaultLogFetchConfig.maxConcurrent, 1, 1000),
  };
}

/** The log settings alone; throws ConfigError on a bad value. */
export function logFetchConfigFromEnv(env: Env): LogFetchConfig {
  return readEnv(env, readLogFetchConfig);
}
