import type { Logger } from './logger.js';

/** One access-log line: what was asked, how it ended, and what it cost upstream. Never a credential or a query string. */
export interface AccessLine {
  readonly reqId: string;
  readonly method: string;
  /** The parsed path (no query string), as routing saw it. */
  readonly path: string;
  readonly status: number;
  readonly durationMs: number;
  readonly operationName: string | null;
  readonly upstreamRequests: number;
  readonly logFetches: number;
  readonly client: string | null;
}

/** Paths are the client's text: long ones are cut, so that a line stays a line. */
const MAX_PATH_LENGTH = 200;

export function logAccess(logger: Logger, line: AccessLine): void {
  logger.info({ ...line, path: line.path.slice(0, MAX_PATH_LENGTH), durationMs: Math.round(line.durationMs * 10) / 10 }, 'request');
}
