/**
 * Log downloads for the whole process: at most LOG_MAX_CONCURRENT at once; the others wait their
 * turn in a fair queue by client (one client's flood of log reads waits behind itself), for at
 * most the fetch timeout. An expired presigned URL is replaced once, by describing the event again.
 */
import { FairQueue, type Ticket } from '../upstream/fair-queue.js';
import { GatewayError } from '../errors.js';
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
}

interface SlotTicket extends Ticket {
  grant(): void;
}

export class LogReader {
  private active = 0;
  private readonly waiting: FairQueue<SlotTicket>;

  constructor(readonly config: LogFetchConfig) {
    this.waiting = new FairQueue<SlotTicket>({ timeoutMs: config.timeoutMs, maxPerClient: () => Number.POSITIVE_INFINITY }, (ticket) =>
      ticket.reject(
        new GatewayError('LOG_TIMEOUT', `Waited ${config.timeoutMs} ms for one of the ${config.maxConcurrent} log downloads (LOG_MAX_CONCURRENT)`, {
          timeoutMs: config.timeoutMs,
        }),
      ),
    );
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
    await this.acquire(scope);
    try {
      scope.stillWanted?.();
      const { allowlist, timeoutMs, maxDownloadBytes, maxBytes } = this.config;
      const read = await readLogWindow(url, { allowlist, timeoutMs, maxDownloadBytes, windowBytes: maxBytes + 1, tail, signal: scope.signal });
      scope.observer?.fetched('ok', read.window.length);
      return read;
    } catch (error) {
      scope.observer?.fetched(error instanceof GatewayError ? error.code : 'LOG_UNAVAILABLE', 0);
      throw error;
    } finally {
      this.release();
    }
  }

  private acquire({ client, signal }: DownloadScope): Promise<void> {
    if (this.active < this.config.maxConcurrent && this.waiting.size === 0) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      this.waiting.add({ client, grant: resolve, reject }, signal);
    });
  }

  /** The slot goes straight to the next waiter, so that a newcomer cannot overtake it. */
  private release(): void {
    const next = this.waiting.next();
    if (next) next.grant();
    else this.active--;
  }
}
