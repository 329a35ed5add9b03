/** pino's levels, as LOG_LEVEL accepts them (kept apart from the logger so config reading stays light). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
