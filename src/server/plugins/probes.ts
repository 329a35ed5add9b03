import type { Plugin } from 'graphql-yoga';
import type { GatewayMetrics } from '../../observability/metrics.js';
import type { Readiness } from '../readiness.js';

/**
 * `/ready` (readiness: GameLift reachable with our credentials) and `/metrics` (Prometheus).
 * `/health` (liveness) is yoga's own. None of them needs credentials or reveals fleet data.
 */
export function probes(readiness: Readiness, metrics: GatewayMetrics): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method !== 'GET') return;
      if (url.pathname === '/ready') {
        const report = await readiness.check();
        endResponse(Response.json(report.body, { status: report.ready ? 200 : 503, headers: { 'cache-control': 'no-store' } }));
      } else if (url.pathname === '/metrics') {
        const text = await metrics.registry.metrics();
        endResponse(new Response(text, { headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' } }));
      }
    },
  };
}
