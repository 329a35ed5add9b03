import { readAuthConfig, type AuthConfig } from './auth/config.js';
import { EnvReader, readEnv, type Env } from './env.js';
import { readLogFetchConfig, type LogFetchConfig } from './gamelift/logs/config.js';
import { defaultPaginationLimits, type PaginationLimits } from './gamelift/paging/pagination.js';
import { LOG_LEVELS, type LogLevel } from './observability/log-levels.js';
import { readTracing, type TracingSettings } from './observability/tracing-config.js';
import type { GameLiftClientOptions } from './gamelift/client.js';
import { isRegionName } from './gamelift/regions.js';
import type { LiveSettings } from './gamelift/live/live-events.js';
import type { ClientTurnSettings } from './server/client-turns.js';
import type { CacheTtls } from './gamelift/upstream/response-cache.js';
import type { BudgetSettings } from './gamelift/upstream/rate-budget.js';
import { readTrustedDocuments, type TrustedDocuments } from './trusted-documents.js';

/** Limits every operation is checked against before anything is called upstream. */
export interface QueryLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  readonly maxDirectives: number;
  /** Bytes of request body; more is answered 413. */
  readonly maxBodyBytes: number;
  /** Estimated upstream requests (GameLift calls and log reads) one operation may cause. */
  readonly maxCost: number;
}

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  /** Serve /metrics on this port instead of the API's (null: on the API's port). */
  readonly metricsPort: number | null;
  readonly metricsHost: string;
  readonly logLevel: LogLevel;
  /** How long in-flight requests may take to finish after SIGTERM. */
  readonly shutdownTimeoutMs: number;
  /** Serve GraphiQL at the API's URL (for browsers). */
  readonly graphiql: boolean;
  readonly auth: AuthConfig;
  /** How many requests of one client are worked on at once, and may wait their turn. */
  readonly clientTurns: ClientTurnSettings;
  /** Browser origins allowed to call the API (CORS); none by default. */
  readonly corsOrigins: readonly string[];
  readonly limits: QueryLimits;
  /** When set, only these documents run. */
  readonly trustedDocuments: TrustedDocuments | null;
  readonly gamelift: GameLiftClientOptions;
  /** GAMELIFT_REGIONS: the Regions served, in order; null for the SDK's Region alone. */
  readonly regions: readonly string[] | null;
  /** DescribeFleetAttributes' maximum number of fleet ids per call. */
  readonly maxFleetIdsPerCall: number;
  readonly pagination: PaginationLimits;
  readonly logs: LogFetchConfig;
  readonly budget: BudgetSettings;
  readonly cacheTtls: CacheTtls;
  /** Whole answers of queries are reused this long (0: off); never longer than the fleet and newest-event TTLs. */
  readonly responseCacheTtlMs: number;
  /** Identical GameLift calls in flight share one (off only to measure what pooling saves). */
  readonly coalescing: boolean;
  /** Shares the cache and the rate budget between replicas. */
  readonly redisUrl: string | null;
  /** Live fleet-event streams: how often they poll, and what one client may open. */
  readonly live: LiveSettings;
  /** OTLP trace export (the standard OTEL_* variables); null, the default, when no endpoint is set. */
  readonly tracing: TracingSettings | null;
}

export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxDepth: 12,
  maxAliases: 100,
  maxTokens: 5000,
  maxDirectives: 50,
  maxBodyBytes: 1024 * 1024,
  maxCost: 1000,
};

/**
 * Reads the gateway's settings; throws ConfigError listing every bad or missing one. AWS
 * settings (region, credentials, AWS_ENDPOINT_URL_GAMELIFT) are left to the SDK's standard
 * resolution; only the gateway's own knobs are read here.
 */
export function configFromEnv(env: Env = process.env): GatewayConfig {
  return readEnv(env, readConfig);
}

/** The names of every variable the gateway reads (its own; the AWS SDK reads its AWS_* ones itself). */
export function settingNames(): ReadonlySet<string> {
  const reader = new EnvReader({});
  readConfig(reader);
  return reader.names;
}

function readConfig(env: EnvReader): GatewayConfig {
  const requestTimeoutMs = env.integer('GAMELIFT_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000);
  const cacheTtls: CacheTtls = {
    fleetsMs: env.integer('CACHE_TTL_FLEETS_MS', 5_000, 0, 3_600_000),
    newestEventsMs: env.integer('CACHE_TTL_NEWEST_EVENTS_MS', 1_000, 0, 3_600_000),
    olderEventsMs: env.integer('CACHE_TTL_OLDER_EVENTS_MS', 60_000, 0, 3_600_000),
  };
  return {
    port: env.integer('PORT', 4000, 0, 65535),
    host: env.raw('HOST') ?? '0.0.0.0',
    metricsPort: env.value('METRICS_PORT', null, (raw) => {
      const port = Number(raw);
      if (!/^\d+$/.test(raw) || port > 65_535) throw new Error(`METRICS_PORT must be an integer from 0 to 65535, got "${raw}"`);
      return port;
    }),
    metricsHost: env.raw('METRICS_HOST') ?? '127.0.0.1',
    logLevel: env.value('LOG_LEVEL', 'info' as LogLevel, parseLogLevel),
    shutdownTimeoutMs: env.integer('SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    graphiql: env.boolean('GRAPHIQL', true),
    auth: readAuthConfig(env),
    clientTurns: readClientTurns(env),
    corsOrigins: env.value('CORS_ORIGINS', [], parseOrigins),
    limits: readQueryLimits(env),
    trustedDocuments: env.value('TRUSTED_DOCUMENTS', null, readTrustedDocuments),
    gamelift: {
      maxAttempts: env.integer('GAMELIFT_MAX_ATTEMPTS', 3, 1, 10),
      requestTimeoutMs,
    },
    regions: env.value('GAMELIFT_REGIONS', null, parseRegions),
    maxFleetIdsPerCall: env.integer('GAMELIFT_MAX_FLEET_IDS_PER_CALL', 50, 1, 1000),
    pagination: {
      ...defaultPaginationLimits,
      maxScanPages: env.integer('EVENTS_MAX_SCAN_PAGES', defaultPaginationLimits.maxScanPages, 1, 100),
    },
    logs: readLogFetchConfig(env),
    budget: readBudget(env, requestTimeoutMs),
    cacheTtls,
    responseCacheTtlMs: Math.min(env.integer('RESPONSE_CACHE_TTL_MS', 1_000, 0, 3_600_000), cacheTtls.fleetsMs, cacheTtls.newestEventsMs),
    coalescing: env.boolean('GAMELIFT_COALESCING', true),
    live: readLive(env),
    tracing: readTracing(env),
    redisUrl: env.value('REDIS_URL', null, (raw) => {
      if (!URL.canParse(raw) || !/^rediss?:$/.test(new URL(raw).protocol)) throw new Error(`REDIS_URL must be a redis:// or rediss:// URL, got "${raw.replace(/\/\/[^@/]*@/, '//…@')}"`);
      return raw;
    }),
  };
}

/** GameLift does not publish its per-operation limits; 10/s leaves room for the game's own backend. */
const DEFAULT_MAX_RPS = 10;

function readBudget(env: EnvReader, requestTimeoutMs: number): BudgetSettings {
  const maxRps = env.integer('GAMELIFT_MAX_RPS', DEFAULT_MAX_RPS, 1, 10_000);
  return {
    maxRps,
    fallbackMaxRps: env.integer('GAMELIFT_FALLBACK_MAX_RPS', Math.max(1, Math.floor(maxRps / 4)), 1, 10_000),
    // Calls are signed before they queue, and a SigV4 signature is good for 5 minutes.
    queueTimeoutMs: env.integer('GAMELIFT_QUEUE_TIMEOUT_MS', 5_000, 0, 240_000),
    // The SDK gives connecting and answering the request timeout each.
    maxCallMs: 2 * requestTimeoutMs,
  };
}

function readClientTurns(env: EnvReader): ClientTurnSettings {
  const maxInProgress = env.integer('CLIENT_MAX_CONCURRENT_REQUESTS', 32, 1, 100_000);
  // Room for a dashboard that opens all its streams at once (LIVE_MAX_STREAMS_PER_CLIENT, 200 by default).
  return { maxInProgress, maxWaiting: Math.max(256, 8 * maxInProgress) };
}

function readLive(env: EnvReader): LiveSettings {
  const intervalMs = env.integer('LIVE_POLL_INTERVAL_MS', 5_000, 100, 600_000);
  return {
    intervalMs,
    // Three intervals: a holder renews every interval, so a lease survives two missed renewals.
    leaseMs: env.integer('LIVE_LEASE_MS', 3 * intervalMs, 300, 3_600_000),
    budgetShare: env.fraction('LIVE_BUDGET_SHARE', 0.5, 0, 1),
    // While GameLift keeps throttling, a poller backs off up to a minute (or its interval, if longer).
    maxIntervalMs: Math.max(60_000, intervalMs),
    maxFleetsPerClient: env.integer('LIVE_MAX_FLEETS_PER_CLIENT', 50, 1, 100_000),
    maxStreamsPerClient: env.integer('LIVE_MAX_STREAMS_PER_CLIENT', 200, 1, 1_000_000),
  };
}

function readQueryLimits(env: EnvReader): QueryLimits {
  const defaults = DEFAULT_QUERY_LIMITS;
  return {
    maxDepth: env.integer('MAX_QUERY_DEPTH', defaults.maxDepth, 1, 1000),
    maxAliases: env.integer('MAX_QUERY_ALIASES', defaults.maxAliases, 0, 100_000),
    maxTokens: env.integer('MAX_QUERY_TOKENS', defaults.maxTokens, 10, 1_000_000),
    maxDirectives: env.integer('MAX_QUERY_DIRECTIVES', defaults.maxDirectives, 0, 100_000),
    maxBodyBytes: env.integer('MAX_REQUEST_BODY_BYTES', defaults.maxBodyBytes, 1024, 64 * 1024 * 1024),
    maxCost: env.integer('MAX_QUERY_COST', defaults.maxCost, 1, 1_000_000),
  };
}

/** Exact origins (`scheme://host[:port]`), as browsers send them in `Origin`. */
function parseOrigins(raw: string): string[] {
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry) => {
      const url = URL.canParse(entry) ? new URL(entry) : null;
      if (entry === '*') throw new Error('CORS_ORIGINS must list exact origins; "*" is not accepted');
      if (!url || !/^https?:$/.test(url.protocol) || url.origin !== entry.replace(/\/$/, '')) {
        throw new Error(`CORS_ORIGINS entry "${entry}" is not an origin like https://app.example.com`);
      }
      return url.origin;
    });
}

/** At most this many Regions: every one is probed by /ready and may be asked to find a bare fleet id. */
const MAX_REGIONS = 32;

function parseRegions(raw: string): readonly string[] {
  const regions = [...new Set(raw.split(',').map((region) => region.trim()).filter(Boolean))];
  const bad = regions.find((region) => !isRegionName(region));
  if (bad !== undefined) throw new Error(`GAMELIFT_REGIONS must be a comma-separated list of Region names such as us-west-2,eu-central-1, got "${bad.slice(0, 40)}"`);
  if (regions.length === 0 || regions.length > MAX_REGIONS) throw new Error(`GAMELIFT_REGIONS must name 1 to ${MAX_REGIONS} Regions, got ${regions.length}`);
  return regions;
}

function parseLogLevel(raw: string): LogLevel {
  const level = LOG_LEVELS.find((candidate) => candidate === raw.toLowerCase());
  if (!level) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}
