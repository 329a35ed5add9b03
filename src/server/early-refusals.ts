import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { logAccess } from '../observability/access-log.js';
import type { Logger } from '../observability/logger.js';
import { requestIdFrom } from '../observability/request-record.js';
import { GRAPHQL_PATH, requestPath } from './routes.js';

/**
 * The answer to anything the route table does not serve, given before the GraphQL server sees
 * the request: nothing but /graphql can ever execute an operation. The body is not read.
 */
export function answerNotFound(request: IncomingMessage, response: ServerResponse, logger: Logger): void {
  refuseEarly(request, response, logger, { status: 404, code: 'NOT_FOUND', message: `Not found: this gateway serves GraphQL at ${GRAPHQL_PATH}.` });
}

/** The answer to a client with too many requests waiting their turn (see client-turns.ts). */
export function answerTooMany(request: IncomingMessage, response: ServerResponse, logger: Logger, maxInProgress: number): void {
  refuseEarly(request, response, logger, {
    status: 429,
    code: 'TOO_MANY_REQUESTS',
    message: `This client already has ${maxInProgress} requests in progress and as many more waiting as it may (CLIENT_MAX_CONCURRENT_REQUESTS); retry shortly.`,
    headers: { 'retry-after': '1' },
  });
}

/** A GraphQL-shaped refusal written before any work is done for the request, with its access-log line. */
function refuseEarly(
  request: IncomingMessage,
  response: ServerResponse,
  logger: Logger,
  refusal: { readonly status: number; readonly code: string; readonly message: string; readonly headers?: Record<string, string> },
): void {
  const startedAt = performance.now();
  const reqId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
  const body = JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code, requestId: reqId } }] });
  response.writeHead(refusal.status, STATUS_CODES[refusal.status], {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': reqId,
    ...refusal.headers,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  logAccess(logger, {
    reqId,
    method: request.method ?? '',
    path: requestPath(request.url ?? '') ?? '(not a path)',
    status: refusal.status,
    durationMs: performance.now() - startedAt,
    operationName: null,
    upstreamRequests: 0,
    logFetches: 0,
    client: null,
  });
}
