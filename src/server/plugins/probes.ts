import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { Readiness } from '../readiness.js';
import { requestPath } from '../routes.js';

/**
 * `/health` (liveness: the process serves), `/ready` (readiness: GameLift reachable with our
 * credentials) and, unless METRICS_PORT moves it, `/metrics` (Prometheus), matched by exact
 * path. Routing lets only GET and HEAD through to them; each always ends its request here. None
 * reveals fleet data.
 */
export function probes(readiness: Readiness, metrics: GatewayMetrics | null): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      const path = requestPath(request.url);
      if (path === '/health') {
        endResponse(new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } }));
      } else if (path === '/ready') {
        const report = await readiness.check();
        endResponse(Response.json(report.body, { status: report.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }));
      } else if (path === '/metrics' && metrics) {
        endResponse(await metricsResponse(metrics));
      }
    },
  };
}

/** The Prometheus exposition of every metric of this gateway. */
export async function metricsResponse(metrics: GatewayMetrics): Promise<Response> {
  const text = await metrics.registry.metrics();
  return new Response(text, { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } });
}
