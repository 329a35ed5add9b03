/**
 * The log reads of one GraphQL request, bounded per result (a query's, or each event's of a
 * subscription): every log field counts, aliases included, up to LOG_MAX_PER_REQUEST; the log
 * content in the result stops at LOG_MAX_BYTES_PER_REQUEST; and each log object is read once,
 * however many fields ask for it and with whatever options: one window from its start and, when
 * that is not the whole object and a field wants its end, one from its end.
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

  constructor(
    private readonly reader: LogReader,
    private readonly download: Omit<DownloadScope, 'stillWanted'>,
  ) {}

  /**
   * The log behind `url` as one field asks for it, or null when `refresh` reports the expired
   * URL's log gone. Throws GatewayError: BAD_USER_INPUT (limits), LOG_LIMIT_EXCEEDED (this
   * result's log fields or bytes), or any code of a log download.
   */
  async read(result: ResultScope, url: string, options: LogRequestOptions, refresh?: RefreshLogUrl): Promise<LogObject | null> {
    let logs = this.results.get(result);
    if (!logs) this.results.set(result, (logs = new ResultLogs(this.reader, this.download)));
    return logs.read(url, resolve(options, this.reader.config), refresh);
  }
}

/** One result's log reads: its counters and the windows it has read, by object. */
class ResultLogs {
  private fields = 0;
  private bytes = 0;
  private readonly objects = new Map<string, ObjectWindows>();

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
    const window = await this.windowsOf(url).window(limits.tail, refresh);
    if (window === null) return null;
    const log = logFromWindow(window, limits);
    if (this.bytes + log.contentBytes > maxBytesPerRequest) this.bytesExceeded();
    this.bytes += log.contentBytes;
    return log;
  }

  /** The same object under a fresh signature is the same object: keyed without the query string. */
  private windowsOf(url: string): ObjectWindows {
    const key = url.split('?')[0] ?? url;
    let windows = this.objects.get(key);
    if (!windows) {
      windows = new ObjectWindows((tail, refresh) => this.reader.window(url, tail, { ...this.download, stillWanted: () => this.assertRoom() }, refresh));
      this.objects.set(key, windows);
    }
    return windows;
  }

  private assertRoom(): void {
    if (this.bytes >= this.reader.config.maxBytesPerRequest) this.bytesExceeded();
  }

  private bytesExceeded(): never {
    const max = this.reader.config.maxBytesPerRequest;
    throw limitExceeded(`This result already carries the most log content it may (LOG_MAX_BYTES_PER_REQUEST, ${max} bytes).`, max);
  }
}

/** The windows read of one log object: its start, its end, or one that is the whole object and serves both. */
class ObjectWindows {
  private head: Promise<LogWindow | null> | null = null;
  private tail: Promise<LogWindow | null> | null = null;

  constructor(private readonly download: (tail: boolean, refresh?: RefreshLogUrl) => Promise<LogWindow | null>) {}

  window(tail: boolean, refresh?: RefreshLogUrl): Promise<LogWindow | null> {
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
