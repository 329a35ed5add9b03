import { createHash } from 'node:crypto';
import { GameLiftClient } from '@aws-sdk/client-gamelift';
import type { RegionSet } from './regions.js';

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

/** What makes one client: the SDK's own Region resolution when `region` is undefined. */
export type ClientMaker = (region: string | undefined) => GameLiftClient;

/**
 * One SDK client per Region served (GAMELIFT_REGIONS; unset, the SDK's Region alone), each with
 * the same credentials and endpoint settings, as the SDK resolves them.
 */
export class GameLiftClients {
  private constructor(
    readonly regions: RegionSet,
    private readonly clients: ReadonlyMap<string, GameLiftClient>,
  ) {}

  /** Throws when no Region is known: GAMELIFT_REGIONS unset and none resolved by the SDK (AWS_REGION, profile). */
  static async create(make: ClientMaker, configured: readonly string[] | null): Promise<GameLiftClients> {
    const base = make(undefined);
    let resolved: string | undefined;
    try {
      resolved = await base.config.region();
    } catch {
      resolved = undefined;
    }
    const all = configured ?? (resolved ? [resolved] : []);
    const first = all[0];
    if (first === undefined) {
      base.destroy();
      throw new Error('no AWS region configured: set AWS_REGION (or a profile region in ~/.aws/config), or GAMELIFT_REGIONS');
    }
    const clients = new Map(all.map((region) => [region, region === resolved ? base : make(region)]));
    if (!clients.has(resolved ?? '')) base.destroy();
    return new GameLiftClients({ all, default: resolved && all.includes(resolved) ? resolved : first }, clients);
  }

  client(region: string): GameLiftClient {
    const client = this.clients.get(region);
    if (!client) throw new Error(`${region} is not served`);
    return client;
  }

  destroy(): void {
    for (const client of this.clients.values()) client.destroy();
  }
}
