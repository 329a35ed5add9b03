/**
 * The log reader for one GraphQL request: memoizes fetches, bounds their concurrency and count,
 * validates the caller's limits, and recovers once from an expired presigned URL.
 */
import { badUserInput, GatewayError } from '../errors.js';
import type { LogFetchConfig } from './config.js';
import { fetchLogObject, type LogObject } from './fetch-log-object.js';
import { Semaphore } from './semaphore.js';

export interface LogRequestOptions {
  /** Defaults to, and may not exceed, the configured maximum. */
  readonly maxBytes?: number | undefined;
  readonly tail?: boolean | undefined;
  readonly lines?: number | undefined;
}

/**
 * Gets a fresh presigned URL for the same event (by describing it upstream again), or `null`
 * when the event no longer has a log.
 */
export type RefreshLogUrl = () => Promise<string | null>;

interface ResolvedOptions {
  readonly maxBytes: number;
  readonly tail: boolean;
  readonly lines: number | undefined;
}

/** Sees every log download: its outcome (`ok` or the error code) and the content bytes it served. */
export interface LogFetchObserver {
  fetched(outcome: string, bytes: number): void;
}

export class RequestLogFetcher {
  private readonly fetches = new Map<string, Promise<LogObject | null>>();
  private readonly slots: Semaphore;

  constructor(
    private readonly config: LogFetchConfig,
    private readonly observer?: LogFetchObserver,
  ) {
    this.slots = new Semaphore(config.maxConcurrent);
  }

  /**
   * Reads a log object. The same URL with the same options is fetched once per request, however
   * many fields ask. If the URL has expired and `refresh` is given, it is called once and the
   * fresh URL tried once; resolves `null` when `refresh` reports the log is gone.
   *
   * Throws GatewayError: BAD_USER_INPUT (limits), LOG_LIMIT_EXCEEDED (too many distinct fetches in
   * this request), or any code of `fetchLogObject`.
   */
  async fetch(url: string, options: LogRequestOptions = {}, refresh?: RefreshLogUrl): Promise<LogObject | null> {
    const resolved = this.resolve(options);
    // Keyed by options too: the same object read as head and as tail are different results.
    const key = JSON.stringify([url, resolved.maxBytes, resolved.tail, resolved.lines ?? null]);
    let pending = this.fetches.get(key);
    if (pending === undefined) {
      // Counted per distinct fetch rather than per object: with aliases, one object could
      // otherwise be read with endless option variants.
      if (this.fetches.size >= this.config.maxLogsPerRequest) {
        throw new GatewayError(
          'LOG_LIMIT_EXCEEDED',
          `A request may read at most ${this.config.maxLogsPerRequest} logs (distinct URL and options)`,
          { limit: this.config.maxLogsPerRequest },
        );
      }
      pending = this.fetchRecoveringExpiry(url, resolved, refresh);
      this.fetches.set(key, pending);
    }
    return pending;
  }

  private async fetchRecoveringExpiry(
    url: string,
    options: ResolvedOptions,
    refresh: RefreshLogUrl | undefined,
  ): Promise<LogObject | null> {
    try {
      return await this.fetchOnce(url, options);
    } catch (error) {
      if (refresh === undefined || !(error instanceof GatewayError) || error.code !== 'LOG_EXPIRED') throw error;
    }
    // Outside the semaphore: refreshing is an upstream GameLift call, not a log download.
    const freshUrl = await refresh();
    return freshUrl === null ? null : this.fetchOnce(freshUrl, options);
  }

  private async fetchOnce(url: string, options: ResolvedOptions): Promise<LogObject> {
    const { allowlist, timeoutMs, maxDownloadBytes } = this.config;
    try {
      const log = await this.slots.run(() => fetchLogObject(url, { ...options, allowlist, timeoutMs, maxDownloadBytes }));
      this.observer?.fetched('ok', log.contentBytes);
      return log;
    } catch (error) {
      this.observer?.fetched(error instanceof GatewayError ? error.code : 'LOG_UNAVAILABLE', 0);
      throw error;
    }
  }

  private resolve(options: LogRequestOptions): ResolvedOptions {
    const max = this.config.maxBytes;
    const maxBytes = options.maxBytes ?? max;
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > max) {
      throw badUserInput(`maxBytes must be an integer from 1 to ${max}, got ${maxBytes}`, {
        argumentName: 'maxBytes',
        max,
      });
    }
    const lines = options.lines;
    if (lines !== undefined && (!Number.isSafeInteger(lines) || lines < 1)) {
      throw badUserInput(`lines must be a positive integer, got ${lines}`, { argumentName: 'lines' });
    }
    return { maxBytes, tail: options.tail ?? false, lines };
  }
}
