/**
 * One client floods the gateway (`npm start`'s dist/main.js, with the default budget) the ways
 * the issue found, one pattern after another, while another client with credentials of its own
 * measures what it gets: its queries' latency, its live stream's delivery, the gateway's memory,
 * and what GameLift sees per second. Figures go to the test log for the closing note.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLEETS, seedData, seedFleet, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runGateway, type GatewayProcess } from '../support/gateway-process.js';
import { subscribeSse } from '../support/sse.js';
import { mostInAnyWindow } from '../support/windows.js';
import type { Attack } from './attacker.js';
import { attacker, fleetEventId, percentile, victim } from './support.js';

const POLL_MS = 1_000;
const PHASE_MS = 12_000;
/** The victim's dashboard refreshes a panel every 100 ms: a p99 of 100 samples a phase is a p99, not a maximum. */
const QUERY_EVERY_MS = 100;
/** The ceilings: memory under the largest log floods, and the victim's latency. */
const MAX_RSS_MIB = 400;
const MAX_P99_MS = 1_000;

let sim: Simulator;
let gateway: GatewayProcess;
let url: string;

beforeAll(async () => {
  sim = await startSimulator();
  gateway = runGateway({
    AWS_ENDPOINT_URL_GAMELIFT: sim.url,
    AWS_REGION: 'us-west-2',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AUTH_API_KEYS: `${attacker.entry},${victim.entry}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
    LIVE_POLL_INTERVAL_MS: String(POLL_MS),
  });
  url = await gateway.listening();
});

afterAll(async () => {
  gateway.child.kill('SIGTERM');
  await gateway.ended;
  await sim.close();
});

/** Resident memory of the gateway process, from the kernel. */
const rssMiB = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${gateway.child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

const post = (key: string, query: string, variables: Record<string, unknown> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify({ query, variables }) });

/** Starts the attacker as a process of its own (attacker.ts); the returned function stops it and resolves once it has. */
function attackWith(attack: Omit<Attack, 'url' | 'key'>): () => Promise<void> {
  const child = fork(fileURLToPath(new URL('./attacker.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  child.send({ ...attack, url, key: attacker.key } satisfies Attack);
  const exited = once(child, 'exit');
  return async () => {
    child.send('stop');
    await exited;
  };
}

interface Measured {
  readonly latencies: number[];
  readonly failures: string[];
  readonly peakRssMiB: number;
  readonly deliveryMs: number[];
  readonly undelivered: number;
}

/** The victim's view of `PHASE_MS` of the gateway while `attack` runs. */
async function underAttack(attack: Omit<Attack, 'url' | 'key'>): Promise<Measured> {
  const live = sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stream = subscribeSse<{ data?: { fleetEvents: { eventId: string } } }>(url, `subscription { fleetEvents(fleetId: "${live.fleetId}") { eventId } }`, {}, { 'x-api-key': victim.key });
  await new Promise((resolve) => setTimeout(resolve, POLL_MS * 2));
  const stopAttack = attackWith(attack);
  const latencies: number[] = [];
  const failures: string[] = [];
  const appended = new Map<string, number>();
  const delivered = new Map<string, number>();
  let peakRssMiB = 0;
  const sampling = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, rssMiB());
    for (const payload of stream.payloads) {
      const id = payload.data?.fleetEvents.eventId;
      if (id && !delivered.has(id)) delivered.set(id, performance.now());
    }
  }, 50);
  const appending = setInterval(() => {
    for (const event of sim.appendEvents(live.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT' }])) appended.set(event.EventId, performance.now());
  }, 1_500);
  const fleets = seedData.fleets.map((fleet) => fleet.attributes.FleetId);
  const started = performance.now();
  // The victim's dashboard: its panels, most answered by the gateway's cache; every fifth query a
  // new time window of another fleet's events, which needs a GameLift call (two a second).
  for (let i = 0; performance.now() - started < PHASE_MS; i++) {
    const sent = performance.now();
    const fleetId = fleets[i % fleets.length];
    const response =
      i % 5 === 0
        ? await post(victim.key, `query($f: String!, $t: DateTime!) { fleet(fleetId: $f) { events(first: 1, startTime: $t) { edges { node { eventId } } } } }`, {
            f: fleetId,
            t: new Date(Date.UTC(2020, 0, 1) + i).toISOString(),
          })
        : await post(victim.key, `query($f: String!) { fleet(fleetId: $f) { name status } }`, { f: fleets[0] });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    latencies.push(performance.now() - sent);
    if (body.errors) failures.push(String(body.errors[0]?.extensions?.code));
    await new Promise((resolve) => setTimeout(resolve, QUERY_EVERY_MS - Math.min(QUERY_EVERY_MS, performance.now() - sent)));
  }
  clearInterval(appending);
  // What was appended gets its chance to arrive: two intervals and a second.
  await new Promise((resolve) => setTimeout(resolve, 2 * POLL_MS + 1_000));
  clearInterval(sampling);
  await stopAttack();
  stream.close();
  const deliveryMs = [...appended].flatMap(([id, at]) => (delivered.has(id) ? [(delivered.get(id) as number) - at] : []));
  return { latencies, failures, peakRssMiB, deliveryMs, undelivered: appended.size - deliveryMs.length };
}

function expectUnharmed(name: string, measured: Measured): void {
  const p99 = percentile(measured.latencies, 99);
  console.log(
    `${name}: victim p50 ${percentile(measured.latencies, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${measured.latencies.length} queries; ` +
      `live delivery max ${Math.max(0, ...measured.deliveryMs).toFixed(0)} ms (${measured.deliveryMs.length} events); peak RSS ${measured.peakRssMiB.toFixed(0)} MiB`,
  );
  expect(measured.failures, name).toEqual([]);
  expect(p99, name).toBeLessThan(MAX_P99_MS);
  expect(measured.undelivered, name).toBe(0);
  expect(Math.max(...measured.deliveryMs), name).toBeLessThan(2 * POLL_MS + 1_000);
  expect(measured.peakRssMiB, name).toBeLessThan(MAX_RSS_MIB);
}

const large = (() => {
  const event = seedFleet(FLEETS.bigActive).events.find((candidate) => candidate.logKey === seedData.specialLogs.large);
  if (!event) throw new Error('the seed has no large log');
  return fleetEventId(FLEETS.bigActive, event.EventTime, event.EventId);
})();

describe('one client floods, another keeps its service', () => {
  it('log aliases: 8 loops of the largest log answer the defaults allow (100 aliases of a 3 MiB log)', async () => {
    const query = `{ node(id: "${large}") { ... on FleetEvent { ${Array.from({ length: 100 }, (_, i) => `a${i}: logContent`).join(' ')} } } }`;
    expectUnharmed('log aliases', await underAttack({ loops: 8, requests: [{ query }] }));
  });

  it('abandoned replays: 100 since-subscriptions at a time, dropped after a second', async () => {
    const requests = Array.from({ length: 100 }, (_, i) => ({
      query: `subscription { fleetEvents(fleetId: "${FLEETS.bigActive}", since: "${new Date(Date.UTC(2025, 0, 1) + i).toISOString()}") { eventId } }`,
    }));
    expectUnharmed('abandoned replays', await underAttack({ loops: 1, requests, streams: { holdMs: 1_000 } }));
  });

  it('500-fleet subscriptions, most of them unknown', async () => {
    const refs = [...seedData.fleets.map((fleet) => fleet.attributes.FleetId), ...Array.from({ length: 357 }, (_, i) => `fleet-${String(i).padStart(8, '0')}-dead-4000-8000-000000000000`)];
    const requests = refs.map((ref) => ({ query: `subscription { fleetEvents(fleetId: "${ref}") { eventId } }` }));
    expectUnharmed('500-fleet subscriptions', await underAttack({ loops: 1, requests, streams: { holdMs: 0 } }));
  });

  it('forged nodes: 20 requests at a time of 1,000 forged event ids', async () => {
    const ids = Array.from({ length: 1000 }, (_, i) => fleetEventId(`fleet-${String(i).padStart(8, '0')}-dead-4000-8000-000000000000`, 1_700_000_000_000 + i, `e-${i}`));
    expectUnharmed('forged nodes', await underAttack({ loops: 20, requests: [{ query: `{ nodes(ids: ${JSON.stringify(ids)}) { id } }` }] }));
  });

  it('50-fleet feeds, each a new time window', async () => {
    const ids = seedData.fleets.slice(0, 50).map((fleet) => fleet.attributes.FleetId);
    const query = `query($ids: [ID!]!, $t: DateTime!) { events(fleetIds: $ids, first: 20, startTime: $t) { edges { node { eventId } } } }`;
    const requests = Array.from({ length: 1000 }, (_, i) => ({ query, variables: { ids, t: new Date(Date.UTC(2020, 0, 1) + i).toISOString() } }));
    expectUnharmed('50-fleet feeds', await underAttack({ loops: 4, requests }));
  });

  it('kept GameLift within GAMELIFT_MAX_RPS (10) in every second of all of it', () => {
    const arrivals = sim.calls().map((call) => call.at);
    console.log(`GameLift calls during the attacks: ${arrivals.length}; most in any second: ${mostInAnyWindow(arrivals, 1000)}`);
    expect(arrivals.length).toBeGreaterThan(100);
    expect(mostInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(10);
  });
});
