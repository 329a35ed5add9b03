import { defaultPaginationLimits, type PaginationLimits } from './gamelift/pagination.js';
import type { GameLiftClientOptions } from './gamelift/client.js';

export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly gamelift: GameLiftClientOptions;
  /** DescribeFleetAttributes' maximum number of fleet ids per call. */
  readonly maxFleetIdsPerCall: number;
  readonly pagination: PaginationLimits;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the gateway's settings. AWS settings (region, credentials, AWS_ENDPOINT_URL_GAMELIFT)
 * are left to the SDK's standard resolution; only the gateway's own knobs are read here.
 */
export function configFromEnv(env: Env = process.env): GatewayConfig {
  return {
    port: integer(env, 'PORT', 4000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    gamelift: {
      maxAttempts: integer(env, 'GAMELIFT_MAX_ATTEMPTS', 3, 1, 10),
      requestTimeoutMs: integer(env, 'GAMELIFT_REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
    },
    maxFleetIdsPerCall: integer(env, 'GAMELIFT_MAX_FLEET_IDS_PER_CALL', 50, 1, 1000),
    pagination: {
      ...defaultPaginationLimits,
      maxScanPages: integer(env, 'EVENTS_MAX_SCAN_PAGES', defaultPaginationLimits.maxScanPages, 1, 100),
    },
  };
}

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}
