import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { startStack, type Stack, type StackOptions } from '../support/stack.js';

import { attacker, victim } from './clients.js';

export { attacker, fleetEventId, victim } from './clients.js';

/** GameLift settings as a deployment has them by default: the budget and the caches on. */
export const DEFAULT_UPSTREAM = {
  GAMELIFT_MAX_RPS: '10',
  CACHE_TTL_FLEETS_MS: '5000',
  CACHE_TTL_NEWEST_EVENTS_MS: '1000',
  CACHE_TTL_OLDER_EVENTS_MS: '60000',
};

/** A gateway with API keys for the attacker and the victim, in front of its own simulator. */
export function securedStack(env: Record<string, string> = {}, options: Omit<StackOptions, 'env'> = {}): Promise<Stack> {
  return startStack({ ...options, env: { AUTH_API_KEYS: `${attacker.entry},${victim.entry}`, ...DEFAULT_UPSTREAM, ...env } });
}

export interface RawResponse {
  readonly status: number;
  readonly head: string;
  readonly body: string;
}

/**
 * Sends one request exactly as written, request target and all, over a plain socket: what an
 * attacker's tool sends, with none of the normalization fetch applies to URLs. Reads what comes
 * back for at most `readMs` (an event stream would never end).
 */
export function rawRequest(
  origin: string,
  request: { method: string; target: string; headers?: Record<string, string>; body?: string },
  readMs = 2_000,
): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const body = request.body ?? '';
  const headers = { host: `${hostname}:${port}`, connection: 'close', ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}), ...request.headers };
  const head = [`${request.method} ${request.target} HTTP/1.1`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`)].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    const finish = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const responseHead = split < 0 ? text : text.slice(0, split);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(responseHead)?.[1] ?? 0);
      resolve({ status, head: responseHead, body: split < 0 ? '' : text.slice(split + 4) });
    };
    const timer = setTimeout(finish, readMs);
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', finish);
    socket.on('error', reject);
    socket.write(`${head}\r\n\r\n${body}`);
  });
}

/** A header of a raw response's head, or null. */
export function headerOf(response: RawResponse, name: string): string | null {
  const line = response.head.split('\r\n').find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? null : line.slice(line.indexOf(':') + 1).trim();
}

/** POSTs GraphQL as a client with an API key, answering the parsed body and the time it took. */
export async function asClient(
  url: string,
  key: string,
  body: { query: string; variables?: Record<string, unknown> },
): Promise<{ status: number; ms: number; body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] } }> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key },
    body: JSON.stringify(body),
  });
  const parsed = (await response.json()) as Awaited<ReturnType<typeof asClient>>['body'];
  return { status: response.status, ms: performance.now() - started, body: parsed };
}

/** The p-th percentile (0–100) of `values`. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * A TCP proxy in front of `target` that holds the bytes it gets toward it while `stalled()` says
 * so, then passes them on in order: calls the gateway let through reach GameLift late, all at once,
 * as after a stalled event loop or a congested network.
 */
export async function stallingProxy(target: string, stalledFor: () => number): Promise<{ url: string; close(): Promise<void> }> {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(port), hostname);
    for (const socket of [inbound, outbound]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    let chain = Promise.resolve();
    inbound.on('data', (chunk: Buffer) => {
      const hold = stalledFor();
      chain = chain.then(() => (hold > 0 ? new Promise((resolve) => setTimeout(resolve, hold)) : undefined)).then(() => void outbound.write(chunk));
    });
    inbound.on('end', () => void chain.then(() => outbound.end()));
    outbound.pipe(inbound);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
