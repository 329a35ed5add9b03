/**
 * Several replicas in front of one GameLift, sharing one real Redis (REDIS_URL): one rate budget
 * and one cache between them, surviving Redis going away; and stateless cursors either way.
 */
import { describe, expect, it } from 'vitest';
import { startSimulator } from '../src/simulator/index.js';
import { gatewayEnv, runGateway } from './support/gateway-process.js';
import { capturedLogs } from './support/log-capture.js';
import { perFile } from './support/per-file.js';
import { RedisServer, redisRunnable } from './support/redis.js';
import { startStack, type Stack } from './support/stack.js';
import { mostInAnyWindow } from './support/windows.js';

const events = (fleetId: string, first = 3) => `{ fleet(fleetId: "${fleetId}") { events(first: ${first}) { edges { node { eventId } } } } }`;

async function post(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return (await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] };
}

async function ready(url: string) {
  const response = await fetch(new URL('/ready', url));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A walk over a fleet's events, each page asked of the next replica in turn. */
async function walk(urls: readonly string[], fleetId: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const answer = await post(urls[page % urls.length] as string, `query ($after: String) { fleet(fleetId: "${fleetId}") { events(first: ${first}, after: $after) { edges { node { eventId } } pageInfo { hasNextPage endCursor } } } }`, { after });
    expect(answer.errors).toBeUndefined();
    const connection = (answer.data as { fleet: { events: { edges: { node: { eventId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } }).fleet.events;
    seen.push(...connection.edges.map((edge) => edge.node.eventId));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

describe('stateless cursors across replicas without Redis', () => {
  const sim = perFile(() => startSimulator(), (s) => s.close());
  const replicas = perFile(
    async () => [await startStack({ sharedSimulator: sim() }), await startStack({ sharedSimulator: sim() })],
    async (stacks: Stack[]) => {
      for (const stack of stacks) await stack.close();
    },
  );

  it('walks a fleet exactly, alternating replicas page by page', async () => {
    const fleet = sim().data.fleets.find((candidate) => candidate.events.length > 150 && candidate.events.length < 600);
    if (!fleet) throw new Error('no mid-sized fleet');
    const urls = replicas().map((stack) => stack.url);
    expect(await walk(urls, fleet.attributes.FleetId, 17)).toEqual(fleet.events.map((event) => event.EventId));
  });
});

describe.runIf(redisRunnable)('replicas sharing Redis', () => {
  const redis = perFile(RedisServer.start, (server) => server.kill());
  const sim = perFile(() => startSimulator(), (s) => s.close());

  it('start at most GAMELIFT_MAX_RPS GameLift calls in any second between two processes', async () => {
    const env = gatewayEnv(sim().url, { REDIS_URL: redis().url, GAMELIFT_MAX_RPS: '10', GAMELIFT_QUEUE_TIMEOUT_MS: '30000' });
    const processes = [runGateway(env), runGateway(env)];
    try {
      const urls = await Promise.all(processes.map((gateway) => gateway.listening()));
      for (const url of urls) expect((await ready(url)).body).toMatchObject({ status: 'ready', redis: 'ok' });
      const fleets = sim().data.fleets.slice(0, 60).map((fleet) => fleet.attributes.FleetId);
      sim().resetStats();
      const answers = await Promise.all(fleets.map((fleetId, i) => post(urls[i % 2] as string, events(fleetId))));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const calls = sim().calls().map((call) => call.at);
      expect(calls).toHaveLength(60);
      expect(mostInAnyWindow(calls)).toBeLessThanOrEqual(10);

      // A page one replica fetched is served by the other from the shared cache within its TTL.
      const query = events(fleets[0] as string, 7);
      sim().resetStats();
      const fromA = await post(urls[0] as string, query);
      const fromB = await post(urls[1] as string, query);
      expect(fromB).toEqual(fromA);
      expect(sim().stats().calls).toEqual({ DescribeFleetEvents: 1 });
    } finally {
      for (const gateway of processes) gateway.child.kill('SIGTERM');
      await Promise.all(processes.map((gateway) => gateway.ended));
    }
  });

  it('keep serving when Redis goes away, say so once, and share again once it is back', async () => {
    const env = { REDIS_URL: redis().url, CACHE_TTL_FLEETS_MS: '60000', GAMELIFT_MAX_RPS: '50', GAMELIFT_FALLBACK_MAX_RPS: '20' };
    const [a, b] = [await startStack({ sharedSimulator: sim(), env }), await startStack({ sharedSimulator: sim(), env })];
    try {
      const fleets = sim().data.fleets.map((fleet) => fleet.attributes.FleetId);
      const names = (ids: string[]) => `{ ${ids.map((id, i) => `f${i}: fleet(fleetId: "${id}") { name }`).join(' ')} }`;
      sim().resetStats();
      await post(a.url, names(fleets.slice(0, 3)));
      expect(await post(b.url, names(fleets.slice(0, 3)))).toMatchObject({ data: { f0: { name: expect.any(String) } } });
      expect(sim().stats().calls).toEqual({ DescribeFleetAttributes: 1 });

      await redis().kill();
      for (let i = 0; i < 5; i++) {
        const answer = await post(a.url, events(fleets[10 + i] as string));
        expect(answer.errors).toBeUndefined();
      }
      const degraded = await eventually(() => ready(a.url), (report) => report.body.redis === 'degraded');
      expect(degraded).toMatchObject({ status: 200, body: { status: 'ready', redis: 'degraded' } });
      await eventually(() => ready(b.url), (report) => report.body.redis === 'degraded');
      const metrics = await (await fetch(new URL('/metrics', a.url))).text();
      expect(metrics).toMatch(/^fleetgraph_redis_up 0$/m);
      const warnings = () => capturedLogs().filter((line) => String(line.msg).startsWith('Redis unavailable'));
      // One line per replica that lost it, however many requests ran meanwhile.
      expect(warnings()).toHaveLength(2);
      for (let i = 0; i < 5; i++) await post(b.url, events(fleets[20 + i] as string));
      expect(warnings()).toHaveLength(2);

      await redis().restart();
      await eventually(() => ready(a.url), (report) => report.body.redis === 'ok');
      await eventually(() => ready(b.url), (report) => report.body.redis === 'ok');
      expect(await (await fetch(new URL('/metrics', b.url))).text()).toMatch(/^fleetgraph_redis_up 1$/m);
      sim().resetStats();
      await post(a.url, names(fleets.slice(20, 23)));
      await post(b.url, names(fleets.slice(20, 23)));
      expect(sim().stats().calls).toEqual({ DescribeFleetAttributes: 1 });
      expect(capturedLogs().filter((line) => String(line.msg).startsWith('Redis connected')).length).toBeGreaterThanOrEqual(4);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('walks a fleet exactly, alternating replicas that share Redis', async () => {
    const env = { REDIS_URL: redis().url, CACHE_TTL_NEWEST_EVENTS_MS: '1000', CACHE_TTL_OLDER_EVENTS_MS: '60000' };
    const stacks = [await startStack({ sharedSimulator: sim(), env }), await startStack({ sharedSimulator: sim(), env })];
    try {
      const fleet = sim().data.fleets.find((candidate) => candidate.events.length > 150 && candidate.events.length < 600);
      if (!fleet) throw new Error('no mid-sized fleet');
      const urls = stacks.map((stack) => stack.url);
      expect(await walk(urls, fleet.attributes.FleetId, 23)).toEqual(fleet.events.map((event) => event.EventId));
    } finally {
      for (const stack of stacks) await stack.close();
    }
  });
});
