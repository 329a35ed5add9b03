/** The gateway (production entry, dist/main.js) and the baseline, as processes against a simulator. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Simulator } from '../../src/simulator/index.js';
import { gatewayEnv, startArguments } from '../../test/support/gateway-process.js';
import { ROOT, startNode, type Started } from './processes.js';

/** `npm start`'s own command, read from package.json: its Node flags and the entry. */
const START = startArguments();
const GATEWAY_ENTRY = START.at(-1) as string;

/** Refuses to measure nothing: the bench runs the compiled gateway, which `npm run build` makes. */
export function checkBuilt(): void {
  if (!existsSync(join(ROOT, GATEWAY_ENTRY))) throw new Error(`${GATEWAY_ENTRY} is missing: run npm run build first`);
}

/** Node's flags for the gateway, as `npm start` and the Docker image run it (see README, Operations). */
export const GATEWAY_NODE_FLAGS = START.slice(0, -1);
export const gatewayArgs = (nodeFlags: readonly string[] = []): string[] => [...GATEWAY_NODE_FLAGS, ...nodeFlags, GATEWAY_ENTRY];

/**
 * The gateway; its `url` is the GraphQL endpoint. Its environment is the process tests' (the
 * simulator the standard AWS way, loopback, any port, no authentication), plus `settings`.
 */
export function startGateway(
  sim: Simulator,
  settings: Readonly<Record<string, string>> = {},
  nodeFlags: readonly string[] = [],
): Promise<Started> {
  return startNode({ name: 'gateway', args: gatewayArgs(nodeFlags), env: gatewayEnv(sim.url, settings) });
}

/**
 * The bare SDK proxy (bench/baseline.ts), through tsx: the same Node, transpiled once at load.
 * The gateway's environment, of which it reads HOST, PORT and the AWS SDK's variables.
 */
export function startBaseline(sim: Simulator): Promise<Started> {
  return startNode({ name: 'baseline', args: ['--import', 'tsx', 'bench/baseline.ts'], env: gatewayEnv(sim.url) });
}

/** Bare graphql-yoga answering `result` (the gateway's answer to the proxy query) from memory (bench/ceiling.ts). */
export function startCeiling(sim: Simulator, result: string): Promise<Started> {
  return startNode({ name: 'ceiling', args: ['--import', 'tsx', 'bench/ceiling.ts'], env: { ...gatewayEnv(sim.url), CEILING_RESULT: result } });
}
