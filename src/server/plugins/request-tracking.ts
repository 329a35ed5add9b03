import { getOperationAST, GraphQLError, type ExecutionResult } from 'graphql';
import { isAsyncIterable, mapAsyncIterator, type Plugin } from 'graphql-yoga';
import { GatewayError } from '../../gamelift/errors.js';
import type { GatewayMetrics } from '../../observability/metrics.js';
import { logAccess } from '../../observability/access-log.js';
import type { Logger } from '../../observability/logger.js';
import { recordOf, startRecord } from '../../observability/request-record.js';
import { requestPath } from '../routes.js';
import { callerOf } from './authentication.js';

type Outcome = 'ok' | 'partial' | 'error';

function outcomeOf(result: ExecutionResult): Outcome {
  if (!result.errors?.length) return 'ok';
  return result.data ? 'partial' : 'error';
}

/** The same result, each error carrying the request id, so that a client's report points at a log line. */
function withRequestId(result: ExecutionResult, requestId: string): ExecutionResult {
  if (!result.errors?.length) return result;
  return {
    ...result,
    errors: result.errors.map((error) => {
      const { nodes, source, positions, path, originalError, extensions } = error;
      return new GraphQLError(error.message, { nodes, source, positions, path, originalError, extensions: { ...extensions, requestId } });
    }),
  };
}

/**
 * Gives every request an id (`x-request-id`, reused when the client sent a valid one) on the
 * response and in each error's extensions; writes one access-log line per request; counts
 * GraphQL operations for /metrics; and logs the cause of every unexpected error, which the
 * client sees masked.
 */
export function requestTracking(logger: Logger, metrics: GatewayMetrics): Plugin {
  return {
    onRequest({ request }) {
      startRecord(request);
    },
    onParams({ request, params }) {
      const record = recordOf(request);
      if (record && params.operationName) record.operationName = params.operationName;
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const record = request && recordOf(request);
      const name = getOperationAST(args.document, args.operationName)?.name?.value;
      if (record && name) record.operationName = name;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result)) return;
          for (const error of result.errors ?? []) {
            const cause = error.originalError;
            if (cause && !(cause instanceof GatewayError) && !(cause instanceof GraphQLError)) {
              logger.error({ reqId: record?.id, path: error.path, err: cause }, 'unexpected error (masked for the client)');
            }
          }
        },
      };
    },
    onResultProcess({ request, result, setResult }) {
      const record = recordOf(request);
      if (!record) return;
      if (isAsyncIterable(result)) {
        setResult(mapAsyncIterator(result, (payload: ExecutionResult) => withRequestId(payload, record.id)));
        return;
      }
      const results = Array.isArray(result) ? result : [result];
      for (const one of results) {
        metrics.graphqlOperation(record.operationName, outcomeOf(one), (performance.now() - record.startedAt) / 1000);
      }
      setResult(Array.isArray(result) ? result.map((one) => withRequestId(one, record.id)) : withRequestId(result, record.id));
    },
    onResponse({ request, response }) {
      // Yoga's own early answers (CORS preflights, the GraphiQL page) come before any plugin's onRequest.
      const record = recordOf(request) ?? startRecord(request);
      response.headers.set('x-request-id', record.id);
      logAccess(logger, {
        reqId: record.id,
        method: request.method,
        path: requestPath(request.url) ?? '',
        status: response.status,
        durationMs: performance.now() - record.startedAt,
        operationName: record.operationName ?? null,
        upstreamRequests: record.tally.gameliftRequests,
        logFetches: record.tally.logFetches,
        client: callerOf(request)?.name ?? null,
      });
    },
  };
}
