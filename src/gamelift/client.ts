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
