import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError, type YogaLogger } from 'graphql-yoga';
import { GatewayError } from '../gamelift/errors.js';
import type { Logger } from '../observability/logger.js';

/** The same error at the same place in the document, with another message or extensions. */
export function recoded(error: GraphQLError, message: string, extensions: GraphQLError['extensions']): GraphQLError {
  const { nodes, source, positions, path, originalError } = error;
  return new GraphQLError(message, { nodes, source, positions, path, originalError, extensions });
}

/**
 * Errors the access layer raised on purpose become GraphQL errors with a stable
 * `extensions.code`, standing on their own: an outcome the client is told about, not a fault (an
 * answer made only of them is a 200, never a 500). Anything else is masked by yoga (no message
 * or stack leaks to clients).
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError && error.originalError instanceof GatewayError) {
    const { code, details, message: reason } = error.originalError;
    const { nodes, source, positions, path } = error;
    return new GraphQLError(reason, { nodes, source, positions, path, extensions: { ...details, code } });
  }
  return yogaMaskError(error, message, isDev);
}

/**
 * Yoga's logger, writing through pino. Errors the gateway raised on purpose are outcomes, not
 * faults: a client's mistake is debug noise, upstream trouble is worth one line without a stack;
 * only the rest (bugs) are logged as errors, with their cause. Messages are already free of
 * credentials and full URLs.
 */
export function yogaLogger(logger: Logger): YogaLogger {
  const text = (args: unknown[]) => args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ');
  return {
    debug: (...args: unknown[]) => logger.debug(text(args)),
    info: (...args: unknown[]) => logger.info(text(args)),
    warn: (...args: unknown[]) => logger.warn(text(args)),
    error: (...args: unknown[]) => {
      const [first] = args;
      const original = first instanceof GraphQLError ? (first.originalError ?? first) : first;
      if (original instanceof GatewayError) {
        const line = `${original.code}: ${original.message}`;
        return original.code === 'BAD_USER_INPUT' || original.code === 'CANCELLED' ? logger.debug(line) : logger.warn(line);
      }
      return original instanceof Error ? logger.error({ err: original }, original.message) : logger.error(text(args));
    },
  };
}
