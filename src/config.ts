import { integerFromEnv, type Env } from './env.js';
import { logFetchConfigFromEnv, type LogFetchConfig } from './gamelift/logs/index.js';
import { defaultPaginationLimits, type PaginationLimits } from './gamelift/pagination.js';
import type { GameLiftClientOptions } from './gamelift/client.js';

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly gamelift: GameLiftClientOptions;
  /** DescribeFleetAttributes' maximum number of fleet ids per call. */
  readonly maxFleetIdsPerCall: number;
  readonly pagination: PaginationLimits;
  /** Estimated upstream requests (GameLift calls and log reads) one operation may cause. */
  readonly maxQueryCost: number;
  readonly logs: LogFetchConfig;
}

/**
 * Reads the gateway's settings. AWS settings (region, credentials, AWS_ENDPOINT_URL_GAMELIFT)
 * are left to the SDK's standard resolution; only the gateway's own knobs are read here.
 */
export function configFromEnv(env: Env = process.env): GatewayConfig {
  return {
    port: integerFromEnv(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    gamelift: {
      maxAttempts: integerFromEnv(env, 'GAMELIFT_MAX_ATTEMPTS', 3, 1, 10),
      requestTimeoutMs: integerFromEnv(env, 'GAMELIFT_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
    },
    maxFleetIdsPerCall: integerFromEnv(env, 'GAMELIFT_MAX_FLEET_IDS_PER_CALL', 50, 1, 1000),
    pagination: {
      ...defaultPaginationLimits,
      maxScanPages: integerFromEnv(env, 'EVENTS_MAX_SCAN_PAGES', defaultPaginationLimits.maxScanPages, 1, 100),
    },
    maxQueryCost: integerFromEnv(env, 'MAX_QUERY_COST', 1000, 1, 1_000_000),
    logs: logFetchConfigFromEnv(env),
  };
}

