import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GameLiftClients } from '../gamelift/client.js';
import compression from 'compression';
import type { DestinationStream } from 'pino';
import { describeAuth } from '../auth/config.js';
import type { GatewayConfig } from '../config.js';
import { GraphiQLAssets } from '../graphiql/assets.js';
import { createLogger, type Logger } from '../observability/logger.js';
import { GatewayMetrics } from '../observability/metrics.js';
import { createGatewayApp, createRuntime, type GatewayOptions } from './app.js';
import { listen } from './listen.js';
import { startMetricsServer } from './metrics-server.js';
import { ClientTurns } from './client-turns.js';
import { corsFor } from './cors.js';
import { eventStreams } from './event-streams.js';
import { answerNotFound, answerTooMany } from './early-refusals.js';
import { GRAPHQL_PATH, originForm, routeOf, type RouteTable } from './routes.js';
import { withReasonPhrases } from './reason-phrases.js';
import { serveGraphQLOverWebSocket } from './websocket.js';

export { PortInUseError } from './listen.js';

export interface ServerOptions extends GatewayOptions {
  /** Where the JSON log lines go; stdout by default. */
  readonly logDestination?: DestinationStream;
}

export interface RunningGateway {
  readonly url: string;
  readonly server: Server;
  readonly logger: Logger;
  /** Which authentication is on, for the start-up log. */
  readonly authMode: string;
  /**
   * Graceful stop: refuse new connections and report not ready, let in-flight requests finish
   * for up to `SHUTDOWN_TIMEOUT_MS`, then cut what is left.
   */
  close(): Promise<void>;
}

/** Responses over 1 KiB are compressed (br or gzip, as the client accepts); event streams never are. */
const compress = compression({
  threshold: 1024,
  filter: (request, response) => !String(response.getHeader('content-type') ?? '').startsWith('text/event-stream') && compression.filter(request, response),
});

export async function startGateway(clients: GameLiftClients, config: GatewayConfig, options: ServerOptions = {}): Promise<RunningGateway> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const metrics = new GatewayMetrics();
  const runtime = await createRuntime(clients, config, {
    metrics,
    logger,
    graphiql: config.graphiql ? GraphiQLAssets.load() : null,
    // The OpenTelemetry SDK loads only for a gateway that exports traces.
    tracer: config.tracing ? await (await import('../observability/tracing.js')).startTracing(config.tracing, logger) : null,
  });
  if (config.graphiql && !runtime.graphiql) logger.warn('GraphiQL assets are not built (npm run build): GraphiQL is off');
  const app = createGatewayApp(runtime, config, options);
  const routes: RouteTable = { metrics: config.metricsPort === null, assets: config.graphiql && runtime.graphiql !== null };
  const streams = eventStreams({
    yoga: app,
    authenticator: runtime.authenticator,
    trustedDocuments: config.trustedDocuments,
    maxBodyBytes: config.limits.maxBodyBytes,
    maxTokens: config.limits.maxTokens,
    cors: config.corsOrigins.length > 0 ? corsFor(config.corsOrigins) : null,
    logger,
  });
  const handling = new Set<Promise<unknown>>();
  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const handled = Promise.resolve(streams.accepts(request) ? streams.serve(request, response, () => app(request, response)) : app(request, response)).catch(
      () => undefined,
    );
    handling.add(handled);
    void handled.finally(() => handling.delete(handled));
  };
  const turns = new ClientTurns(config.clientTurns);
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (routeOf(request.method, request.url, routes) === 'not-found') {
      answerNotFound(request, response, logger);
      return;
    }
    // What the GraphQL server sees is the path as routed (dot segments resolved, an absolute-form target made origin-form).
    request.url = originForm(request.url ?? '/');
    withReasonPhrases(response);
    const admitted = turns.admit(request, response, () => {
      // Most API clients accept no encoding, and event streams are never compressed: they skip the compression machinery altogether.
      if (request.headers['accept-encoding'] && !streams.accepts(request)) compress(request as never, response as never, () => handle(request, response));
      else handle(request, response);
    });
    if (!admitted) answerTooMany(request, response, logger, config.clientTurns.maxInProgress);
  });
  const webSocket = serveGraphQLOverWebSocket(server, app, {
    path: GRAPHQL_PATH,
    authenticator: runtime.authenticator,
    maxPayloadBytes: config.limits.maxBodyBytes,
    trustedDocuments: config.trustedDocuments,
  });
  let metricsServer: Server | null = null;
  try {
    await listen(server, config.host, config.port, 'PORT');
    if (config.metricsPort !== null) metricsServer = await startMetricsServer(metrics, config.metricsHost, config.metricsPort);
  } catch (error) {
    server.close();
    await runtime.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${GRAPHQL_PATH}`,
    server,
    logger,
    authMode: describeAuth(config.auth),
    close: () => {
      closing ??= stop(server, handling, () => {
        // Not ready any more, and live streams end: their requests then finish like any other.
        runtime.drain();
        webSocket.close();
      }, config.shutdownTimeoutMs).then(async () => {
        metricsServer?.closeAllConnections();
        metricsServer?.close();
        await app.dispose();
        await runtime.close();
      });
      return closing;
    },
  };
}

/**
 * Stops accepting connections, reports not ready, and waits for the requests being handled (up
 * to the timeout); then ends every connection left, idle keep-alives and abandoned ones alike.
 */
async function stop(server: Server, handling: ReadonlySet<Promise<unknown>>, drain: () => void, timeoutMs: number): Promise<void> {
  drain();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let deadline: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([...handling]),
    new Promise((resolve) => (deadline = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(deadline);
  server.closeAllConnections();
  await closed;
}
