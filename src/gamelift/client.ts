import { createHash } from 'node:crypto';
import { GameLiftClient } from '@aws-sdk/client-gamelift';

export interface GameLiftClientOptions {
  /** Left undefined, the SDK resolves region, credentials and endpoint the standard AWS way. */
  readonly region?: string;
  readonly endpoint?: string;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly maxAttempts: number;
  readonly requestTimeoutMs: number;
}

export function createGameLiftClient(options: GameLiftClientOptions): GameLiftClient {
  return new GameLiftClient({
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    maxAttempts: options.maxAttempts,
    requestHandler: { requestTimeout: options.requestTimeoutMs, connectionTimeout: options.requestTimeoutMs },
  });
}

/**
 * Which GameLift a client talks to: its region and endpoint. Replicas that share a cache and a
 * rate budget (REDIS_URL) share them per scope; one Redis should serve one AWS account.
 */
export async function upstreamScope(client: GameLiftClient): Promise<string> {
  const region = await client.config.region();
  const explicit = client.config.endpoint ? await client.config.endpoint() : undefined;
  const endpoint = explicit
    ? `${explicit.protocol}//${explicit.hostname}:${explicit.port ?? ''}${explicit.path}`
    : (process.env.AWS_ENDPOINT_URL_GAMELIFT ?? process.env.AWS_ENDPOINT_URL ?? 'aws');
  return createHash('sha256').update(`${region}|${endpoint}`).digest('base64url').slice(0, 16);
}
