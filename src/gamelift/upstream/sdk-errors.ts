import { GatewayError, type GatewayErrorCode } from '../errors.js';

/**
 * GameLift's modelled exceptions, plus the SDK's and STS's names for credential, throttling and
 * transport failures. Their messages are GameLift's own and safe to show to clients.
 */
const CODE_BY_ERROR_NAME: Readonly<Record<string, GatewayErrorCode>> = {
  NotFoundException: 'NOT_FOUND',
  InvalidRequestException: 'UPSTREAM_INVALID_REQUEST',
  UnauthorizedException: 'UPSTREAM_UNAUTHORIZED',
  AccessDeniedException: 'UPSTREAM_UNAUTHORIZED',
  UnrecognizedClientException: 'UPSTREAM_UNAUTHORIZED',
  InvalidSignatureException: 'UPSTREAM_UNAUTHORIZED',
  ExpiredTokenException: 'UPSTREAM_UNAUTHORIZED',
  CredentialsProviderError: 'UPSTREAM_UNAUTHORIZED',
  ThrottlingException: 'UPSTREAM_THROTTLED',
  RateBudgetTimeout: 'UPSTREAM_THROTTLED',
  TooManyRequestsException: 'UPSTREAM_THROTTLED',
  RequestLimitExceeded: 'UPSTREAM_THROTTLED',
  SlowDown: 'UPSTREAM_THROTTLED',
  InternalServiceException: 'UPSTREAM_UNAVAILABLE',
  UnsupportedRegionException: 'UPSTREAM_UNSUPPORTED_REGION',
  AbortError: 'CANCELLED',
};

const MODELLED = new Set(Object.keys(CODE_BY_ERROR_NAME));

/** Whether what the SDK threw is GameLift (or the SDK) saying "too many requests". */
export function isThrottling(error: unknown): boolean {
  return error instanceof Error && CODE_BY_ERROR_NAME[error.name] === 'UPSTREAM_THROTTLED';
}

/** Maps whatever the SDK threw to a GatewayError that says which call failed and why. */
export function toGatewayError(error: unknown, operation: string): GatewayError {
  if (error instanceof GatewayError) return error;
  const name = error instanceof Error ? error.name : 'UnknownError';
  const code = CODE_BY_ERROR_NAME[name] ?? 'UPSTREAM_UNAVAILABLE';
  const reason = MODELLED.has(name) && error instanceof Error && error.message ? `: ${error.message}` : '';
  const message =
    code === 'UPSTREAM_UNAVAILABLE' && !reason
      ? `GameLift ${operation} could not be reached or failed (${name}).`
      : `GameLift ${operation} failed with ${name}${reason}`;
  return new GatewayError(code, message, { upstreamError: name, operation }, { cause: error });
}
