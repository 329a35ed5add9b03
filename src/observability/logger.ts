import { pino, type DestinationStream, type Logger } from 'pino';

import type { LogLevel } from './log-levels.js';

export type { Logger } from 'pino';


/**
 * Structured JSON lines on stdout (or `destination`). Nothing the gateway logs carries a key, a
 * token, an Authorization header, a presigned URL's query string or log content; the redaction
 * below is a second line of defence should a header object ever be logged.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['headers.authorization', 'headers["x-api-key"]', '*.headers.authorization', '*.headers["x-api-key"]'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ sync: false }),
  );
}
