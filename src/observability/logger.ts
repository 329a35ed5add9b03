import { pino, type DestinationStream, type Logger } from 'pino';

import type { LogLevel } from './log-levels.js';

export type { Logger } from 'pino';


/**
 * Structured JSON lines on stdout (or `destination`). Nothing the gateway logs carries a key, a
 * token, an Authorization header, a presigned URL's query string or log content: lines are built
 * from named fields only, never from request objects or headers (the tests check every line).
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ sync: false }),
  );
}
