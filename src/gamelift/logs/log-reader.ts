/**
 * Reading presigned log URLs for the whole process, within LOG_MAX_CONCURRENT. An expired
 * presigned URL is replaced once, by describing the event again.
 */
import { FairSlots } from '../upstream/fair-slots.js';
import { GatewayError } from '../errors.js';
import type { TraceSpan } from '../../observability/trace-span.js';
import type { LogFetchConfig } from './config.js';
import { readLogWindow, type LogWindow } from './fetch-log-object.js';

/** Sees every log download: its outcome (`ok` or the error code) and the bytes it kept. */
export interface LogFetchObserver {
  fetched(outcome: string, bytes: number): void;
}

/**
 * Gets a fresh presigned URL for the same event (by describing it upstream again), or `null`
 * when the event no longer has a log.
 */
export type RefreshLogUrl = () => Promise<string | null>;

/** Who a download is for, and until when it is wanted. */
export interface DownloadScope {
  readonly client: string;
  readonly signal?: AbortSignal | undefined;
  readonly observer?: LogFetchObserver | undefined;
  /** Checked once the download's turn comes: a result that can no longer take log bytes throws instead. */
  readonly stillWanted?: (() => void) | undefined;
  /** The operation's span: each download gets one under it (host and bytes, never the URL). Unset with traces off. */
  readonly span?: TraceSpan | undefined;
}

/**
 * Log reads for the whole process, each bounded by LOG_MAX_CONCURRENT, with waiters served fairly
 * by client for at most the fetch timeout: the downloads running at once, and the results (a
 * query's, or one event's of a subscription) holding log content until they are delivered.
 */
export class LogReader {
  private readonly downloads: FairSlots;
  private readonly results: FairSlots;

  constructor(readonly config: LogFetchConfig) {
    const waitedTooLong = (what: string) => () =>
      new GatewayError('LOG_TIMEOUT', `Waited ${config.timeoutMs} ms for one of the ${config.maxConcurrent} ${what} (LOG_MAX_CONCURRENT)`, {
        timeoutMs: config.timeoutMs,
      });
    this.downloads = new FairSlots(config.maxConcurrent, config.timeoutMs, waitedTooLong('log downloads'));
    this.results = new FairSlots(config.maxConcurrent, config.timeoutMs, waitedTooLong('results that may carry log content'));
  }

  /** A place for one result among those carrying log content; the returned function gives it back once the result is delivered. */
  holdResult(client: string, signal?: AbortSignal): Promise<() => void> {
    return this.results.acquire(client, signal);
  }

  /**
   * One end of a log object: its first or last LOG_MAX_BYTES + 1 bytes (the byte more tells
   * truncation, see log-text.ts). Null when `refresh` reports that the expired URL's log is gone.
   */
  async window(url: string, tail: boolean, scope: DownloadScope, refresh?: RefreshLogUrl): Promise<LogWindow | null> {
    try {
      return await this.download(url, tail, scope);
    } catch (error) {
      if (refresh === undefined || !(error instanceof GatewayError) || error.code !== 'LOG_EXPIRED') throw error;
    }
    // Outside the download slots: refreshing is a GameLift call, not a log download.
    const freshUrl = await refresh();
    return freshUrl === null ? null : this.download(freshUrl, tail, scope);
  }

  private async download(url: string, tail: boolean, scope: DownloadScope): Promise<LogWindow> {
    const span = scope.span?.child('log read', { 'server.address': URL.parse(url)?.hostname, 'fleetgraph.log.tail': tail }, 'client');
    let release: (() => void) | undefined;
    try {
      release = await this.downloads.acquire(scope.client, scope.signal);
      scope.stillWanted?.();
      const { allowlist, timeoutMs, maxDownloadBytes, maxBytes } = this.config;
      const read = await readLogWindow(url, { allowlist, timeoutMs, maxDownloadBytes, windowBytes: maxBytes + 1, tail, signal: scope.signal });
      scope.observer?.fetched('ok', read.window.length);
      span?.set({ 'fleetgraph.log.bytes': read.window.length });
      span?.end();
      return read;
    } catch (error) {
      const code = error instanceof GatewayError ? error.code : 'LOG_UNAVAILABLE';
      if (release) scope.observer?.fetched(code, 0);
      span?.end({ code });
      throw error;
    } finally {
      release?.();
    }
  }
}
