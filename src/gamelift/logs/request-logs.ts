/**
 * The log reads of one GraphQL request, bounded per result (a query's, or each event's of a
 * subscription): every log field counts, aliases included, up to LOG_MAX_PER_REQUEST; the log
 * a result reads, and the content it carries, stop at LOG_MAX_BYTES_PER_REQUEST; and each log
 * object is read once, however many fields ask for it and with whatever options: one window
 * from its start and, when that is not the whole object and a field wants its end, one from its
 * end. A result holds one of the process's LOG_MAX_CONCURRENT places for results with log
 * content from its first log field until it is delivered, so that the log content held in
 * memory at once is bounded however many clients ask.
 */
import { badUserInput, GatewayError } from '../errors.js';
import type { LogFetchConfig } from './config.js';
import { logFromWindow, type LogObject, type LogWindow } from './fetch-log-object.js';
import type { DownloadScope, LogReader, RefreshLogUrl } from './log-reader.js';
import type { LogTextLimits } from './log-text.js';

export interface LogRequestOptions {
  /** Defaults to, and may not exceed, the configured maximum. */
  readonly maxBytes?: number | undefined;
  readonly tail?: boolean | undefined;
  readonly lines?: number | undefined;
}

/** Fields of a query share one result; every event of a subscription is a result of its own. */
export type ResultScope = object;

export class RequestLogs {
  private readonly results = new WeakMap<ResultScope, ResultLogs>();
  /** Results holding one of the process's places for results with log content, until delivered. */
  private readonly holding = new Set<ResultLogs>();

  constructor(
    private readonly reader: LogReader,
    private readonly download: Omit<DownloadScope, 'stillWanted'>,
  ) {}

  /** The results read so far are delivered (the query has its result; a subscription event went out): their places go back. */
  settle(): void {
    for (const result of this.holding) result.settle();
    this.holding.clear();
  }

  /**
   * The log behind `url` as one field asks for it, or null when `refresh` reports the expired
   * URL's log gone. Throws GatewayError: BAD_USER_INPUT (limits), LOG_LIMIT_EXCEEDED (this
   * result's log fields or bytes), or any code of a log download.
   */
  async read(result: ResultScope, url: string, options: LogRequestOptions, refresh?: RefreshLogUrl): Promise<LogObject | null> {
    const limits = resolve(options, this.reader.config);
    let logs = this.results.get(result);
    if (!logs) {
      logs = new ResultLogs(this.reader, this.download);
      this.results.set(result, logs);
      this.holding.add(logs);
    }
    return logs.read(url, limits, refresh);
  }
}

/** One result's log reads: its counters, the windows it has read by object, and its place among results with log content. */
class ResultLogs {
  private fields = 0;
  /** Bytes of log content served, and bytes of log read, by this result's fields. */
  private bytes = 0;
  private bytesRead = 0;
  private readonly objects = new Map<string, ObjectWindows>();
  private place: Promise<() => void> | null = null;
  private settled = false;

  constructor(
    private readonly reader: LogReader,
    private readonly download: Omit<DownloadScope, 'stillWanted'>,
  ) {}

  async read(url: string, limits: LogTextLimits, refresh?: RefreshLogUrl): Promise<LogObject | null> {
    const { maxLogsPerRequest, maxBytesPerRequest } = this.reader.config;
    if (++this.fields > maxLogsPerRequest) {
      throw limitExceeded(`A result may resolve at most ${maxLogsPerRequest} log fields (LOG_MAX_PER_REQUEST); aliases count.`, maxLogsPerRequest);
    }
    this.assertRoom();
    this.place ??= this.reader.holdResult(this.download.client, this.download.signal);
    const release = await this.place;
    if (this.settled) release();
    const log = await this.windowsOf(url).text(limits, refresh);
    if (log === null) return null;
    if (this.bytes + log.contentBytes > maxBytesPerRequest) this.bytesExceeded();
    this.bytes += log.contentBytes;
    return log;
  }

  /** The result is delivered: its place goes back (now, or as soon as it has one). */
  settle(): void {
    this.settled = true;
    void this.place?.then((release) => release(), () => undefined);
  }

  /** The same object under a fresh signature is the same object: keyed without the query string. */
  private windowsOf(url: string): ObjectWindows {
    const key = url.split('?')[0] ?? url;
    let windows = this.objects.get(key);
    if (!windows) {
      windows = new ObjectWindows(async (tail, refresh) => {
        const window = await this.reader.window(url, tail, { ...this.download, stillWanted: () => this.assertRoomToRead() }, refresh);
        this.bytesRead += window?.window.length ?? 0;
        return window;
      });
      this.objects.set(key, windows);
    }
    return windows;
  }

  /** Room for more log content: less than LOG_MAX_BYTES_PER_REQUEST served. */
  private assertRoom(): void {
    if (this.bytes >= this.reader.config.maxBytesPerRequest) this.bytesExceeded();
  }

  /** Room to download more: less than LOG_MAX_BYTES_PER_REQUEST served, and read. */
  private assertRoomToRead(): void {
    this.assertRoom();
    if (this.bytesRead >= this.reader.config.maxBytesPerRequest) this.bytesExceeded();
  }

  private bytesExceeded(): never {
    const max = this.reader.config.maxBytesPerRequest;
    throw limitExceeded(`This result already carries or has read the most log it may (LOG_MAX_BYTES_PER_REQUEST, ${max} bytes).`, max);
  }
}

/** The windows read of one log object: its start, its end, or one that is the whole object and serves both. */
class ObjectWindows {
  private head: Promise<LogWindow | null> | null = null;
  private tail: Promise<LogWindow | null> | null = null;
  /** The texts cut so far, by limits: aliases asking the same share one string, not one copy each. */
  private readonly texts = new Map<string, Promise<LogObject | null>>();

  constructor(private readonly download: (tail: boolean, refresh?: RefreshLogUrl) => Promise<LogWindow | null>) {}

  text(limits: LogTextLimits, refresh?: RefreshLogUrl): Promise<LogObject | null> {
    const key = `${limits.tail}|${limits.maxBytes}|${limits.lines ?? ''}`;
    let text = this.texts.get(key);
    if (!text) {
      text = this.window(limits.tail, refresh).then((window) => (window === null ? null : logFromWindow(window, limits)));
      this.texts.set(key, text);
    }
    return text;
  }

  private window(tail: boolean, refresh?: RefreshLogUrl): Promise<LogWindow | null> {
    const existing = tail ? this.tail : this.head;
    if (existing) return existing;
    const other = tail ? this.head : this.tail;
    const read = this.afterOther(other, tail, refresh);
    if (tail) this.tail = read;
    else this.head = read;
    return read;
  }

  /** A window of the other end that holds the whole object (or found it gone) serves this end too. */
  private async afterOther(other: Promise<LogWindow | null> | null, tail: boolean, refresh?: RefreshLogUrl): Promise<LogWindow | null> {
    if (other) {
      const read = await other.catch(() => undefined);
      if (read === null || read?.whole) return read;
    }
    return this.download(tail, refresh);
  }
}

function resolve(options: LogRequestOptions, config: LogFetchConfig): LogTextLimits {
  const max = config.maxBytes;
  const maxBytes = options.maxBytes ?? max;
  if (!Number.isSafeInteger(maxBytes) || maxBytes < 1 || maxBytes > max) {
    throw badUserInput(`maxBytes must be an integer from 1 to ${max}, got ${maxBytes}`, { argumentName: 'maxBytes', max });
  }
  const lines = options.lines;
  if (lines !== undefined && (!Number.isSafeInteger(lines) || lines < 1)) {
    throw badUserInput(`lines must be a positive integer, got ${lines}`, { argumentName: 'lines' });
  }
  return { maxBytes, tail: options.tail ?? false, lines };
}

const limitExceeded = (message: string, limit: number) => new GatewayError('LOG_LIMIT_EXCEEDED', message, { limit });
