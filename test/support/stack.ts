import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';
import { configFromEnv } from '../../src/config.js';
import { createGameLiftClient, GameLiftClients } from '../../src/gamelift/client.js';
import type { GatewayOptions } from '../../src/server/app.js';
import { startGateway } from '../../src/server/http-server.js';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { captureLogs } from './log-capture.js';
import { perFile } from './per-file.js';

export interface GraphQLResponse<T> {
  readonly status: number;
  readonly data?: T | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

export interface Stack {
  readonly sim: Simulator;
  readonly url: string;
  /** Sends an operation over HTTP, as any client would. */
  query<T, V>(document: TypedDocumentNode<T, V>, variables?: V): Promise<GraphQLResponse<T>>;
  /** Sends raw GraphQL text, for inputs a typed document cannot express. */
  raw(body: unknown): Promise<GraphQLResponse<Record<string, unknown>>>;
  close(): Promise<void>;
}

export interface StackOptions {
  readonly simulator?: SimulatorOptions;
  /** A running simulator to share (as replicas share GameLift); the stack then leaves it running. */
  readonly sharedSimulator?: Simulator;
  readonly env?: Record<string, string>;
  /** Log hosts the gateway may fetch from besides the simulator's own log store. */
  readonly extraLogHosts?: readonly string[];
  readonly gateway?: GatewayOptions;
}

/**
 * The gateway in front of a simulator on ephemeral ports, wired only through its endpoint URL;
 * like the demo, it may fetch logs from the simulator's log store (plain http, listed by host).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const sim = options.sharedSimulator ?? (await startSimulator(options.simulator));
  const logHosts = [new URL(sim.url).host, ...(options.extraLogHosts ?? [])].join(',');
  const config = configFromEnv({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_URL_ALLOWED_HOSTS: logHosts,
    // Tests count upstream calls exactly: no cache and no budget unless a test is about them.
    ...NO_SHARING,
    ...authDisabledUnlessConfigured(options.env),
    ...options.env,
  });
  // Without GAMELIFT_REGIONS, the Region the SDK resolves (AWS_REGION's stand-in): us-west-2, the seed's.
  const client = await GameLiftClients.create(
    (region) =>
      createGameLiftClient({
        ...config.gamelift,
        endpoint: sim.url,
        region: region ?? 'us-west-2',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      }),
    config.regions,
  );
  const gateway = await startGateway(client, config, { ...options.gateway, logDestination: captureLogs() });
  const post = async (body: unknown) => {
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    try {
      return { status: response.status, ...(JSON.parse(text) as object) };
    } catch {
      throw new Error(`Non-JSON response ${response.status}: ${text.slice(0, 500)}`);
    }
  };
  return {
    sim,
    url: gateway.url,
    query: (document, variables) => post({ query: print(document), variables }),
    raw: post,
    close: async () => {
      await gateway.close();
      client.destroy();
      if (!options.sharedSimulator) await sim.close();
    },
  };
}

/** A stack for one test: started, given to `body`, closed whatever happens. */
export async function withStack<T>(options: StackOptions, body: (stack: Stack) => Promise<T>): Promise<T> {
  const stack = await startStack(options);
  try {
    return await body(stack);
  } finally {
    await stack.close();
  }
}

/** A stack started before a file's tests and closed after them; usable as the stack itself. */
export function stackForFile(options?: StackOptions): Omit<Stack, 'close'> {
  const started = perFile(() => startStack(options), (stack) => stack.close());
  return {
    get sim() {
      return started().sim;
    },
    get url() {
      return started().url;
    },
    query: (document, variables) => started().query(document, variables),
    raw: (body) => started().raw(body),
  };
}

const NO_SHARING = {
  CACHE_TTL_FLEETS_MS: '0',
  CACHE_TTL_NEWEST_EVENTS_MS: '0',
  CACHE_TTL_OLDER_EVENTS_MS: '0',
  GAMELIFT_MAX_RPS: '10000',
};

/** Tests that are not about authentication run without it; those that are configure it. */
function authDisabledUnlessConfigured(env: Record<string, string> = {}): Record<string, string> {
  return Object.keys(env).some((name) => name.startsWith('AUTH_')) ? {} : { AUTH_DISABLED: 'true' };
}
