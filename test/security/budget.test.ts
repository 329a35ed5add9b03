import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../src/config.js';
import { createGameLiftClient, GameLiftClients } from '../../src/gamelift/client.js';
import { startGateway } from '../../src/server/http-server.js';
import { FLEETS, seedData, startSimulator } from '../../src/simulator/index.js';
import { captureLogs } from '../support/log-capture.js';
import { perFile } from '../support/per-file.js';
import { mostInAnyWindow } from '../support/windows.js';
import { asClient, attacker, DEFAULT_UPSTREAM, stallingProxy, fleetEventId, securedStack, victim } from './support.js';

const codes = (errors: readonly { extensions?: Record<string, unknown> }[] = []) => errors.map((error) => error.extensions?.code);
/** Well-formed FleetEvent ids of fleets and events that do not exist. */
const forged = (count: number) =>
  Array.from({ length: count }, (_, i) => fleetEventId(`fleet-${String(i).padStart(8, '0')}-dead-4000-8000-000000000000`, 1_700_000_000_000 + i, `e-${i}`));

describe('budget-aware admission', () => {
  const stack = perFile(() => securedStack(), (s) => s.close());

  it('refuses nodes(ids:) with 1,000 forged ids before any GameLift call, naming the budget', async () => {
    stack().sim.resetStats();
    const { body } = await asClient(stack().url, attacker.key, { query: `{ nodes(ids: ${JSON.stringify(forged(1000))}) { id } }` });
    expect(codes(body.errors)).toEqual(['QUERY_TOO_COSTLY']);
    expect(body.errors?.[0]?.message).toMatch(/GAMELIFT_MAX_RPS/);
    expect(body.errors?.[0]?.message).toMatch(/GAMELIFT_QUEUE_TIMEOUT_MS/);
    expect(stack().sim.stats().calls).toEqual({});
  });

  it('admits what the budget can start within the queue timeout (10/s × 5 s = 50 calls) and no more', async () => {
    stack().sim.resetStats();
    const over = await asClient(stack().url, attacker.key, { query: `{ nodes(ids: ${JSON.stringify(forged(51))}) { id } }` });
    expect(codes(over.body.errors)).toEqual(['QUERY_TOO_COSTLY']);
    expect(stack().sim.stats().calls).toEqual({});
    const within = await asClient(stack().url, attacker.key, { query: `{ nodes(ids: ${JSON.stringify(forged(20))}) { id } }` });
    expect(within.body.errors).toBeUndefined();
    expect(within.body.data).toEqual({ nodes: Array.from({ length: 20 }, () => null) });
  });

  it('serves the first page of Query.events over 50 fleets on the default budget', async () => {
    const fleetIds = seedData.fleets.slice(0, 50).map((fleet) => fleet.attributes.FleetId);
    // GameLift's own latency, as seen from a gateway in the same Region.
    stack().sim.setFaults({ latencyMs: 60 });
    const { body } = await asClient(stack().url, victim.key, {
      query: `query($ids: [ID!]!) { events(fleetIds: $ids, first: 20) { edges { node { eventId } } pageInfo { hasNextPage } } }`,
      variables: { ids: fleetIds },
    });
    expect(body.errors).toBeUndefined();
    expect((body.data?.events as { edges: unknown[] }).edges).toHaveLength(20);
    stack().sim.setFaults({ latencyMs: 0 });
  });
});

describe('the budget holds where the calls arrive, however late they get there', () => {
  it('never lets GameLift see more than GAMELIFT_MAX_RPS calls in any second, while calls already let through are held on their way for up to 1.2 s', async () => {
    const sim = await startSimulator();
    // For 1.2 s of every 2.5 s, calls already let through are held on their way, then arrive together.
    const started = performance.now();
    const proxy = await stallingProxy(sim.url, () => {
      const phase = (performance.now() - started) % 2_500;
      return phase < 1_300 ? 0 : 2_500 - phase;
    });
    const config = configFromEnv({ PORT: '0', HOST: '127.0.0.1', AUTH_DISABLED: 'true', ...DEFAULT_UPSTREAM, CACHE_TTL_NEWEST_EVENTS_MS: '0', GAMELIFT_QUEUE_TIMEOUT_MS: '60000' });
    const client = await GameLiftClients.create(
      (region) => createGameLiftClient({ ...config.gamelift, endpoint: proxy.url, region: region ?? 'us-west-2', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
      config.regions,
    );
    const gateway = await startGateway(client, config, { logDestination: captureLogs() });
    try {
      sim.resetStats();
      const fleetIds = seedData.fleets.slice(0, 60).map((fleet) => fleet.attributes.FleetId);
      const answers = (await Promise.all(fleetIds.map((fleetId) => fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ fleet(fleetId: "${fleetId}") { events(first: 1) { edges { node { eventId } } } } }` }),
      }).then((response) => response.json())))) as { errors?: unknown }[];
      expect(answers.filter((answer) => answer.errors)).toEqual([]);
      const arrivals = sim.calls().map((call) => call.at);
      expect(arrivals).toHaveLength(60);
      expect(mostInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(10);
    } finally {
      await gateway.close();
      client.destroy();
      await proxy.close();
      await sim.close();
    }
  });
});

describe('a refused or abandoned request cancels its queued calls', () => {
  it('sends nothing more upstream for a client that hung up', async () => {
    const stack = await securedStack({ GAMELIFT_MAX_RPS: '2' });
    try {
      stack.sim.resetStats();
      const leaver = new AbortController();
      const ids = seedData.fleets.slice(0, 10).map((fleet) => fleet.attributes.FleetId);
      const query = `{ ${ids.map((id, i) => `f${i}: fleet(fleetId: "${id}") { events(first: 1) { edges { node { eventId } } } }`).join(' ')} }`;
      const sent = fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': attacker.key }, body: JSON.stringify({ query }), signal: leaver.signal }).catch(() => null);
      await new Promise((resolve) => setTimeout(resolve, 300));
      leaver.abort();
      await sent;
      await new Promise((resolve) => setTimeout(resolve, 200));
      const atLeave = stack.sim.stats().calls.DescribeFleetEvents ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(stack.sim.stats().calls.DescribeFleetEvents ?? 0).toBe(atLeave);
      expect(atLeave).toBeLessThan(10);
    } finally {
      await stack.close();
    }
  });
});

void FLEETS;
