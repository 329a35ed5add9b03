/**
 * One client floods a gateway while another, with credentials of its own, measures what it gets:
 * its queries' latency, its live stream's delivery, and the gateway's memory. The flood runs in a
 * process of its own (attacker.ts), so that its work does not slow the measuring client. Used by
 * test/security/exhaustion.test.ts and the bench's `floods` scenario.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FLEETS, seedData, seedFleet, type Simulator } from '../../src/simulator/index.js';
import { subscribeSse } from '../support/sse.js';
import type { Attack } from './attacker.js';
import { attacker, fleetEventId, victim } from './clients.js';

/** The victim's dashboard refreshes a panel every 100 ms: a p99 of 100 samples a phase is a p99, not a maximum. */
const QUERY_EVERY_MS = 100;

export type Flood = Omit<Attack, 'url' | 'key'>;

/** The exhaustion patterns the issue found, by name, as the attacker sends them. */
export function floods(): ReadonlyMap<string, Flood> {
  const large = seedFleet(FLEETS.bigActive).events.find((candidate) => candidate.logKey === seedData.specialLogs.large);
  if (!large) throw new Error('the seed has no large log');
  const largeId = fleetEventId(FLEETS.bigActive, large.EventTime, large.EventId);
  const forged = (i: number) => `fleet-${String(i).padStart(8, '0')}-dead-4000-8000-000000000000`;
  const feedIds = seedData.fleets.slice(0, 50).map((fleet) => fleet.attributes.FleetId);
  const feed = `query($ids: [ID!]!, $t: DateTime!) { events(fleetIds: $ids, first: 20, startTime: $t) { edges { node { eventId } } } }`;
  return new Map<string, Flood>([
    // The largest log answer the defaults allow: 100 aliases of a 3 MiB log, 8 MiB of it served.
    ['log aliases', { loops: 8, requests: [{ query: `{ node(id: "${largeId}") { ... on FleetEvent { ${Array.from({ length: 100 }, (_, i) => `a${i}: logContent`).join(' ')} } } }` }] }],
    [
      'abandoned replays',
      {
        loops: 1,
        streams: { holdMs: 1_000 },
        requests: Array.from({ length: 100 }, (_, i) => ({
          query: `subscription { fleetEvents(fleetId: "${FLEETS.bigActive}", since: "${new Date(Date.UTC(2025, 0, 1) + i).toISOString()}") { eventId } }`,
        })),
      },
    ],
    [
      '500-fleet subscriptions',
      {
        loops: 1,
        streams: { holdMs: 0 },
        requests: [...seedData.fleets.map((fleet) => fleet.attributes.FleetId), ...Array.from({ length: 357 }, (_, i) => forged(i))].map((ref) => ({
          query: `subscription { fleetEvents(fleetId: "${ref}") { eventId } }`,
        })),
      },
    ],
    [
      'forged nodes',
      { loops: 20, requests: [{ query: `{ nodes(ids: ${JSON.stringify(Array.from({ length: 1000 }, (_, i) => fleetEventId(forged(i), 1_700_000_000_000 + i, `e-${i}`)))}) { id } }` }] },
    ],
    ['50-fleet feeds', { loops: 4, requests: Array.from({ length: 1000 }, (_, i) => ({ query: feed, variables: { ids: feedIds, t: new Date(Date.UTC(2020, 0, 1) + i).toISOString() } })) }],
  ]);
}

/** Starts the attacker as a process of its own (attacker.ts); the returned function stops it and resolves once it has. */
function startAttacker(url: string, flood: Flood): () => Promise<void> {
  const child = fork(fileURLToPath(new URL('./attacker.ts', import.meta.url)), { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  child.send({ ...flood, url, key: attacker.key } satisfies Attack);
  const exited = once(child, 'exit');
  return async () => {
    child.send('stop');
    await exited;
  };
}

/** Resident memory of a process, from the kernel. */
export const rssMiB = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

export interface Measured {
  /** Every query of the victim, in ms. */
  readonly latencies: number[];
  /** Error codes the victim got. */
  readonly failures: string[];
  readonly peakRssMiB: number;
  /** From each event's append to its delivery on the victim's stream, in ms. */
  readonly deliveryMs: number[];
  readonly undelivered: number;
}

export interface Victim {
  readonly url: string;
  readonly sim: Simulator;
  /** The gateway's process id, for its memory. */
  readonly pid: number;
  readonly pollMs: number;
  readonly durationMs: number;
}

/** The victim's view of `durationMs` of the gateway while `flood` runs. */
export async function underFlood(flood: Flood, { url, sim, pid, pollMs, durationMs }: Victim): Promise<Measured> {
  const post = (query: string, variables: Record<string, unknown>) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': victim.key }, body: JSON.stringify({ query, variables }) });
  const live = sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const stream = subscribeSse<{ data?: { fleetEvents: { eventId: string } } }>(url, `subscription { fleetEvents(fleetId: "${live.fleetId}") { eventId } }`, {}, { 'x-api-key': victim.key });
  await new Promise((resolve) => setTimeout(resolve, pollMs * 2));
  const stopFlood = startAttacker(url, flood);
  const latencies: number[] = [];
  const failures: string[] = [];
  const appended = new Map<string, number>();
  const delivered = new Map<string, number>();
  let peakRssMiB = 0;
  const sampling = setInterval(() => {
    peakRssMiB = Math.max(peakRssMiB, rssMiB(pid));
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
  for (let i = 0; performance.now() - started < durationMs; i++) {
    const sent = performance.now();
    const response =
      i % 5 === 0
        ? await post(`query($f: String!, $t: DateTime!) { fleet(fleetId: $f) { events(first: 1, startTime: $t) { edges { node { eventId } } } } }`, {
            f: fleets[i % fleets.length],
            t: new Date(Date.UTC(2020, 0, 1) + i).toISOString(),
          })
        : await post(`query($f: String!) { fleet(fleetId: $f) { name status } }`, { f: fleets[0] });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    latencies.push(performance.now() - sent);
    if (body.errors) failures.push(String(body.errors[0]?.extensions?.code));
    await new Promise((resolve) => setTimeout(resolve, QUERY_EVERY_MS - Math.min(QUERY_EVERY_MS, performance.now() - sent)));
  }
  clearInterval(appending);
  // What was appended gets its chance to arrive: two intervals and a second.
  await new Promise((resolve) => setTimeout(resolve, 2 * pollMs + 1_000));
  clearInterval(sampling);
  await stopFlood();
  stream.close();
  const deliveryMs = [...appended].flatMap(([id, at]) => (delivered.has(id) ? [(delivered.get(id) as number) - at] : []));
  return { latencies, failures, peakRssMiB, deliveryMs, undelivered: appended.size - deliveryMs.length };
}
