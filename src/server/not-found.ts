import type { IncomingMessage, ServerResponse } from 'node:http';
import { logAccess } from '../observability/access-log.js';
import type { Logger } from '../observability/logger.js';
import { requestIdFrom } from '../observability/request-record.js';
import { GRAPHQL_PATH, requestPath } from './routes.js';

/**
 * The answer to anything the route table does not serve, given before the GraphQL server sees
 * the request: nothing but /graphql can ever execute an operation. The body is not read.
 */
export function answerNotFound(request: IncomingMessage, response: ServerResponse, logger: Logger): void {
  const startedAt = performance.now();
  const reqId = requestIdFrom(request.headers['x-request-id'] as string | undefined);
  const body = JSON.stringify({
    errors: [{ message: `Not found: this gateway serves GraphQL at ${GRAPHQL_PATH}.`, extensions: { code: 'NOT_FOUND', requestId: reqId } }],
  });
  response.writeHead(404, 'Not Found', {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-request-id': reqId,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
  logAccess(logger, {
    reqId,
    method: request.method ?? '',
    path: requestPath(request.url ?? '') ?? '(not a path)',
    status: 404,
    durationMs: performance.now() - startedAt,
    operationName: null,
    upstreamRequests: 0,
    logFetches: 0,
    client: null,
  });
}
