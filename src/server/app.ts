import { createHash } from 'node:crypto';
import { createYoga, type YogaInitialContext, type YogaServerInstance } from 'graphql-yoga';
import { ANONYMOUS, Authenticator } from '../auth/authenticator.js';
import type { GatewayConfig } from '../config.js';
import { upstreamScope, type GameLiftClients } from '../gamelift/client.js';
import { FleetRegionMemory } from '../gamelift/fleets/region-memory.js';
import { createLiveEvents } from '../gamelift/live/index.js';
import { createUpstream, type UpstreamSettings } from '../gamelift/upstream/index.js';
import { LogReader } from '../gamelift/logs/index.js';
import type { GraphiQLAssets } from '../graphiql/assets.js';
import { graphiqlPage } from '../graphiql/page.js';
import type { Logger } from '../observability/logger.js';
import { liveMetrics, type GatewayMetrics } from '../observability/metrics.js';
import { recordOf } from '../observability/request-record.js';
import type { Tracer } from '../observability/trace-span.js';
import { createContext, type GatewayContext, type GatewayServices } from '../schema/context.js';
import { schema } from '../schema/index.js';
import { maskError, yogaLogger } from './errors.js';
import { authentication, callerOf } from './plugins/authentication.js';
import { bodyLimitMessage } from './plugins/body-limit.js';
import { costLimit } from './plugins/cost-limit.js';
import { varyByOrigin } from './plugins/vary-by-origin.js';
import { finishOnResult } from './plugins/finish-on-result.js';
import { graphiqlAssets } from './plugins/graphiql-assets.js';
import { probes } from './plugins/probes.js';
import { queryLimits } from './plugins/query-limits.js';
import { requestTracking } from './plugins/request-tracking.js';
import { responseCache } from './plugins/response-cache.js';
import { ResponseStore } from './response-store.js';
import { spanOf, tracing } from './plugins/tracing.js';
import { trustedDocumentsOnly } from './plugins/trusted-documents.js';
import { variableErrorsAsBadInput } from './plugins/variable-errors.js';
import { warningsInExtensions } from './plugins/warnings.js';
import { Readiness } from './readiness.js';
import { ASSET_PREFIX, GRAPHQL_PATH } from './routes.js';
import { corsFor } from './cors.js';
import type { DirectInitialContext } from './enveloped-operation.js';


/** Shown in GraphiQL on first load unless the caller brings its own. */
const DEFAULT_QUERY = `# Your fleets in every Region served, newest events first. Cursors page on: fleets(first: 20, after: "<endCursor>")
# Set your credentials in the Headers pane below: {"x-api-key": "…"} or {"authorization": "Bearer …"}
query Fleets {
  fleets(first: 20) {
    edges {
      node {
        fleetId
        region
        name
        status
        events(first: 5) {
          edges { node { eventTime eventCode message } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export interface GatewayOptions {
  /** The query GraphiQL opens with. */
  readonly graphiqlDefaultQuery?: string;
}

/** What one gateway holds for its life, shared by all its requests. */
export interface GatewayRuntime {
  readonly services: GatewayServices;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly readiness: Readiness;
  /** Null when GraphiQL is off or its assets were not built. */
  readonly graphiql: GraphiQLAssets | null;
  readonly authenticator: Authenticator;
  /** Whole query answers (RESPONSE_CACHE_TTL_MS); null when that is 0. */
  readonly responses: ResponseStore | null;
  /** Exports traces (OTEL_EXPORTER_OTLP_ENDPOINT); null when off. */
  readonly tracer: Tracer | null;
  /** Stops live streams: in-flight requests can then finish while the gateway stops. */
  drain(): void;
  /** Releases what the runtime holds (the Redis connection). */
  close(): Promise<void>;
}

export async function createRuntime(
  clients: GameLiftClients,
  config: GatewayConfig,
  observability: { readonly metrics: GatewayMetrics; readonly logger: Logger; readonly graphiql: GraphiQLAssets | null; readonly tracer: Tracer | null },
): Promise<GatewayRuntime> {
  const { metrics, logger, tracer } = observability;
  // The Redis client loads only for a deployment that uses it.
  const shared = config.redisUrl
    ? await (await import('../gamelift/upstream/redis-store.js')).RedisStore.connect(config.redisUrl, {
        availability: (available, reason) => {
          metrics.redisUp.set(available ? 1 : 0);
          if (available) logger.info('Redis connected: cache and GameLift budget shared with the other replicas');
          else logger.warn(`Redis unavailable (${reason}): serving with the in-process cache and this replica's fallback budget`);
        },
      })
    : null;
  // Each Region its own upstream path: GameLift's rate limits, and so the budget, the cache scope and the metrics, are per account and Region.
  const { regions } = clients;
  const liveObserver = liveMetrics(metrics);
  // Set up side by side: with REDIS_URL each Region's live streams wait a moment for Redis.
  const perRegion = await Promise.all(
    regions.all.map(async (region) => {
      const client = clients.client(region);
      const settings: UpstreamSettings = {
        scope: await upstreamScope(client),
        cacheTtls: config.cacheTtls,
        coalescing: config.coalescing,
        budget: config.budget,
        shared,
        observer: metrics.upstreamObserver(region),
        tracer,
      };
      const upstream = createUpstream(client, settings);
      const live = await createLiveEvents(upstream, settings, config.live, config.redisUrl, {
        ...liveObserver(region),
        shared: (available) => {
          if (available) logger.info({ region }, 'Live streams shared through Redis: one poller per fleet for the deployment');
          else logger.warn({ region }, 'Live streams polled by this replica on its own until Redis is back');
        },
      });
      return { region, scope: settings.scope, upstream, live };
    }),
  );
  const upstreams = new Map(perRegion.map(({ region, upstream }) => [region, upstream]));
  const lives = new Map(perRegion.map(({ region, live }) => [region, live]));
  const scopes = perRegion.map(({ scope }) => scope);
  const closeLive = () => lives.forEach((live) => live.close());
  const services: GatewayServices = {
    regions,
    upstreams,
    lives,
    fleetRegions: new FleetRegionMemory(),
    singleLocationRegions: new Set(),
    maxFleetIdsPerCall: config.maxFleetIdsPerCall,
    pagination: config.pagination,
    logReader: new LogReader(config.logs),
    logObserver: { fetched: (outcome, bytes) => metrics.logFetched(outcome, bytes) },
  };
  // Whole answers may span every Region served: replicas share them only when they serve the same ones.
  const responseScope = scopes.length === 1 ? (scopes[0] as string) : createHash('sha256').update(scopes.join('+')).digest('base64url').slice(0, 16);
  const responses = config.responseCacheTtlMs > 0 ? new ResponseStore(responseScope, shared) : null;
  const readiness = new Readiness(
    new Map(
      [...upstreams].map(([region, upstream]) => [
        region,
        async () => {
          await upstream.send('ListFleets', { Limit: 1 }, { fresh: true, caller: 'readiness' });
        },
      ]),
    ),
    // Redis down degrades sharing, not service: reported, never a reason to be unready.
    (): Record<string, string> => (shared ? { redis: shared.available ? 'ok' : 'degraded' } : {}),
  );
  return {
    ...observability,
    services,
    readiness,
    authenticator: new Authenticator(config.auth),
    responses,
    drain: () => {
      readiness.drain();
      closeLive();
    },
    close: async () => {
      responses?.close();
      closeLive();
      upstreams.forEach((upstream) => upstream.close());
      await shared?.close();
      // Last: the spans of everything above are sent.
      await tracer?.shutdown();
    },
  };
}

export function createGatewayApp(
  runtime: GatewayRuntime,
  config: GatewayConfig,
  options: GatewayOptions = {},
): YogaServerInstance<object, GatewayContext> {
  const { services, metrics, logger, readiness, graphiql, authenticator, responses, tracer } = runtime;
  const graphiqlOn = config.graphiql && graphiql !== null;
  return createYoga<object, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    // Yoga answers any URL that *ends with* its health endpoint (`/graphql?x=/health` too); /health
    // is served by the probes plugin by exact path instead, and yoga's is given a suffix no
    // request URL can have (a space is always percent-encoded, or refused by the HTTP parser).
    healthCheckEndpoint: '/health ',
    landingPage: false,
    graphiql: graphiqlOn ? { title: 'fleetgraph', defaultQuery: options.graphiqlDefaultQuery ?? DEFAULT_QUERY } : false,
    ...(graphiql ? { renderGraphiQL: (opts) => graphiqlPage(graphiql.manifest, ASSET_PREFIX, { ...opts }) } : {}),
    cors: corsFor(config.corsOrigins),
    maxRequestBodySize: config.limits.maxBodyBytes,
    multipart: false,
    // GraphQL-over-HTTP persisted documents name their document by `documentId`.
    extraParamNames: config.trustedDocuments ? ['documentId'] : [],
    maskedErrors: { maskError, isDev: false },
    logging: yogaLogger(logger),
    // Order matters where plugins share a hook; each line says why it stands where it does.
    plugins: [
      // Answers that echo an allowed origin differ by Origin: caches must know.
      ...(config.corsOrigins.length > 0 ? [varyByOrigin] : []),
      // Its onResponse must rewrite yoga's 413 before request tracking stamps the final response.
      bodyLimitMessage(config.limits.maxBodyBytes),
      // First onRequest: every response, refusals included, gets a request id and an access-log line.
      requestTracking(logger, metrics),
      // Right after: the operation's span carries the request id, and is there before anything that could call GameLift.
      ...(tracer ? [tracing(tracer)] : []),
      // Public probes answer before authentication, and reveal no fleet data (routing lets only GET and HEAD reach them).
      probes(readiness, config.metricsPort === null ? metrics : null),
      // Static GraphiQL code, public like the page itself.
      ...(graphiqlOn && graphiql ? [graphiqlAssets(graphiql, ASSET_PREFIX)] : []),
      // Before anything that could reach GameLift: no valid credentials, no further.
      authentication(authenticator, { graphiql: graphiqlOn }),
      // Before parsing: replaces the document by the trusted one its id names, or refuses it.
      ...(config.trustedDocuments ? [trustedDocumentsOnly(config.trustedDocuments)] : []),
      // Parse and validation limits: reject oversized documents before they execute.
      ...queryLimits(config.limits),
      // First at execution: refuses a too costly operation before any resolver calls GameLift.
      costLimit({
        maxCost: config.limits.maxCost,
        maxFleetIdsPerCall: services.maxFleetIdsPerCall,
        regions: services.regions.all.length,
        // An operation's calls may all go to one Region: the smallest budget bounds it.
        budgetCapacity: () => Math.min(...[...services.upstreams.values()].map((upstream) => upstream.capacity())),
        maxLogs: config.logs.maxLogsPerRequest,
      }),
      // Recodes errors of operations that never executed (bad variables); before warnings, which need a result.
      variableErrorsAsBadInput,
      // Last: adds the warnings resolvers collected to the final result.
      warningsInExtensions,
      // Once a query has its result, what it still has queued upstream is dropped.
      finishOnResult,
      // Last: keys on the document a trusted id resolved to, and stores the result once every plugin above has shaped it.
      ...(responses ? [responseCache(config.responseCacheTtlMs, responses, metrics)] : []),
    ],
    context: (initial: Partial<YogaInitialContext & DirectInitialContext>) => {
      // Over HTTP the authentication plugin named the caller; over WebSocket connection_init did, for an event stream served directly its own check.
      const caller = initial.directCaller ?? (initial.request && callerOf(initial.request));
      const tally = initial.directTally ?? (initial.request && recordOf(initial.request)?.tally);
      const signal = initial.directSignal ?? initial.request?.signal;
      const span = initial.request && spanOf(initial.request);
      return createContext(services, {
        caller: caller ?? ANONYMOUS,
        ...(tally ? { tally } : {}),
        ...(signal ? { signal } : {}),
        ...(span ? { span } : {}),
      });
    },
  });
}
