import { getOperationAST, type DocumentNode, type ExecutionResult } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { recordOf } from '../../observability/request-record.js';
import type { TraceSpan, Tracer } from '../../observability/trace-span.js';
import { GRAPHQL_PATH } from '../routes.js';
import { callerOf } from './authentication.js';

const spans = new WeakMap<Request, TraceSpan>();
/** Spans already named after their operation. */
const named = new WeakSet<TraceSpan>();

/** The span of the GraphQL request `request` is, when traces are exported: what its resolvers' calls go under. */
export function spanOf(request: Request): TraceSpan | undefined {
  return spans.get(request);
}

/**
 * A span per GraphQL request (OTEL_EXPORTER_OTLP_ENDPOINT): it continues the caller's trace when
 * the request carries a W3C `traceparent`, is named after the operation (`query Fleets`), and
 * records its type, name, estimated cost, client name (never a key or token), request id,
 * outcome and error codes. The GameLift calls and log reads the operation makes are its
 * children. Probes, metrics and GraphiQL's files get none: they would bury the operations.
 */
export function tracing(tracer: Tracer): Plugin {
  return {
    onRequest({ request, url }) {
      if (url.pathname !== GRAPHQL_PATH) return;
      const record = recordOf(request);
      spans.set(
        request,
        tracer.start(`GraphQL ${request.method}`, { 'http.request.method': request.method, 'url.path': url.pathname, 'fleetgraph.request_id': record?.id }, request.headers),
      );
    },
    onExecute({ args }) {
      name(args.contextValue, args.document, args.operationName);
    },
    onSubscribe({ args }) {
      name(args.contextValue, args.document, args.operationName);
    },
    onResultProcess({ request, result }) {
      const span = spans.get(request);
      if (!span || isAsyncIterable(result)) return;
      const codes = new Set<string>();
      let data = false;
      for (const one of Array.isArray(result) ? result : [result]) {
        const { errors } = one as ExecutionResult;
        data ||= (one as ExecutionResult).data != null;
        for (const error of errors ?? []) codes.add(typeof error.extensions?.code === 'string' ? error.extensions.code : 'INTERNAL_SERVER_ERROR');
      }
      span.set({ 'fleetgraph.outcome': codes.size === 0 ? 'ok' : data ? 'partial' : 'error', 'fleetgraph.error_codes': [...codes] });
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      spans.delete(request);
      const record = recordOf(request);
      // An answer from the response cache never executed: it is a query, named as the client named it.
      if (!named.has(span) && record?.responseCache === 'hit') span.rename(`query ${record.operationName ?? ''}`.trim());
      span.set({
        'http.response.status_code': response.status,
        'fleetgraph.client': callerOf(request)?.name,
        'fleetgraph.cost': record?.cost,
        'fleetgraph.gamelift_requests': record?.tally.gameliftRequests,
        'fleetgraph.response_cache': record?.responseCache,
      });
      span.end(response.status >= 400 ? { code: `HTTP_${response.status}` } : undefined);
    },
  };

  function name(contextValue: unknown, document: DocumentNode, operationName: string | null | undefined): void {
    const request = (contextValue as { request?: Request }).request;
    const span = request && spans.get(request);
    const operation = span && getOperationAST(document, operationName);
    if (!span || !operation) return;
    const given = operation.name?.value;
    span.rename(given ? `${operation.operation} ${given}` : operation.operation);
    span.set({ 'graphql.operation.type': operation.operation, 'graphql.operation.name': given });
    named.add(span);
  }
}
