/**
 * Errors the GameLift access layer raises. They carry a stable `code` that the GraphQL layer
 * exposes as `extensions.code`; the access layer itself knows nothing of GraphQL.
 */
export type GatewayErrorCode =
  // The client's arguments or cursor cannot be served.
  | 'BAD_USER_INPUT'
  // The fleet (or other resource) does not exist upstream.
  | 'NOT_FOUND'
  // GameLift refused or failed the call.
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_THROTTLED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_UNSUPPORTED_REGION'
  | 'UPSTREAM_INVALID_REQUEST'
  // The request ended (client gone, answer sent) before the call was made: nobody is there to see it.
  | 'CANCELLED'
  // Log content behind a presigned URL.
  | 'LOG_EXPIRED'
  | 'LOG_NOT_FOUND'
  | 'LOG_ACCESS_DENIED'
  | 'LOG_TOO_LARGE'
  | 'LOG_HOST_NOT_ALLOWED'
  | 'LOG_INVALID_URL'
  | 'LOG_UNAVAILABLE'
  | 'LOG_TIMEOUT'
  | 'LOG_LIMIT_EXCEEDED'
  // A client at its live-stream limits (LIVE_MAX_FLEETS_PER_CLIENT, LIVE_MAX_STREAMS_PER_CLIENT).
  | 'SUBSCRIPTION_LIMIT_EXCEEDED';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';

  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    /** Extra, client-safe facts for `extensions` (never credentials or full presigned URLs). */
    readonly details: Readonly<Record<string, string | number | boolean>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badUserInput = (message: string, details?: Record<string, string | number | boolean>) =>
  new GatewayError('BAD_USER_INPUT', message, details);
