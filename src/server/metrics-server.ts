import { createServer, type Server } from 'node:http';
import type { GatewayMetrics } from '../observability/metrics.js';
import { listen } from './listen.js';
import { requestPath } from './routes.js';

/**
 * `/metrics` on a port of its own (METRICS_PORT, on METRICS_HOST): what Prometheus scrapes inside
 * a cluster, out of reach of the API's clients. It answers GET and HEAD of /metrics, 404 to all else.
 */
export async function startMetricsServer(metrics: GatewayMetrics, host: string, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const path = requestPath(request.url ?? '');
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      response.writeHead(404, 'Not Found', { 'content-type': 'text/plain; charset=utf-8' }).end('Not found: metrics are at /metrics\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => response.writeHead(200, 'OK', { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }).end(request.method === 'HEAD' ? undefined : text),
      () => response.writeHead(500, 'Internal Server Error').end(),
    );
  });
  await listen(server, host, port, 'METRICS_PORT');
  return server;
}
