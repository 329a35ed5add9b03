/**
 * Live streams across replicas (issue 18): three built gateways (dist/main.js) sharing one real
 * redis-server, in front of one simulator. One poller per fleet for the whole deployment, every
 * event to every subscriber once and in order, through a replica's SIGKILL and Redis' own death,
 * and live polling held to its share of the budget.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { perFile } from './support/per-file.js';
import { RedisServer, redisRunnable } from './support/redis.js';
import { startReplicas, type Replica } from './support/replicas.js';
import { subscribeSse, type SseSubscription } from './support/sse.js';
import { mostInAnyWindow } from './support/windows.js';

const INTERVAL_MS = 1_000;
const LEASE_MS = 3_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Payload = { data?: { fleetEvents: { eventId: string } } | null; errors?: { extensions?: Record<string, unknown> }[] };

/** One subscriber's stream, on a given replica. */
interface Watcher {
  readonly fleetId: string;
  readonly replica: number;
  readonly sse: SseSubscription<Payload>;
}

function watch(replicas: readonly Replica[], fleetId: string, replica: number, args = ''): Watcher {
  const sse = subscribeSse<Payload>(replicas[replica]?.url ?? '', `subscription { fleetEvents(fleetId: "${fleetId}"${args}) { eventId } }`);
  // A stream on a replica that is killed ends with a network error: expected, not a test failure.
  sse.completed.catch(() => undefined);
  return { fleetId, replica, sse };
}

const ids = (watcher: Watcher) => watcher.sse.payloads.flatMap((payload) => (payload.data?.fleetEvents ? [payload.data.fleetEvents.eventId] : []));

/** Waits until `done` holds (checked every 20 ms), failing after `timeoutMs`; the ms it took. */
async function within(done: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const started = Date.now();
  while (!done()) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
  return Date.now() - started;
}

const pollsOf = (sim: Simulator, fleetIds: ReadonlySet<string>, from: number, to = Number.POSITIVE_INFINITY) =>
  sim.calls().filter((call) => call.operation === 'DescribeFleetEvents' && call.fleetId !== undefined && fleetIds.has(call.fleetId) && call.at >= from && call.at < to);

/** Fleets whose creation has finished writing events, so that streams show only what a test appends. */
async function quietFleets(sim: Simulator, count: number): Promise<string[]> {
  const fleets = Array.from({ length: count }, () => sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 }).fleetId);
  await sleep(200);
  return fleets;
}

/** The fleet's whole log as a query sees it, oldest first. */
async function allEvents(url: string, fleetId: string): Promise<{ eventId: string; eventTime: string }[]> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ fleet(fleetId: "${fleetId}") { events(first: 100) { edges { node { eventId eventTime } } } } }` }),
  });
  const answer = (await response.json()) as { data: { fleet: { events: { edges: { node: { eventId: string; eventTime: string } }[] } } } };
  return answer.data.fleet.events.edges.map((edge) => edge.node).reverse();
}

const append = (sim: Simulator, fleetId: string, message: string) => sim.appendEvents(fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message }]).map((event) => event.EventId);

describe.runIf(redisRunnable)('live streams over three replicas and one Redis', () => {
  const redis = perFile(RedisServer.start, (server) => server.kill());
  const sim = perFile(() => startSimulator(), (s) => s.close());
  let replicas: Replica[] = [];
  const start = async () => {
    replicas = await startReplicas(3, sim().url, {
      REDIS_URL: redis().url,
      LIVE_POLL_INTERVAL_MS: String(INTERVAL_MS),
      LIVE_LEASE_MS: String(LEASE_MS),
      // Room for 20 fleets at one poll a second each inside the live share (half of it).
      GAMELIFT_MAX_RPS: '50',
      GAMELIFT_FALLBACK_MAX_RPS: '50',
    });
  };
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
  });

  it('polls each fleet once per interval for the whole deployment, and delivers every event to every subscriber once, in order, within two intervals', async () => {
    await start();
    const fleets = await quietFleets(sim(), 20);
    // 60 subscribers: each fleet watched from all three replicas.
    const watchers = Array.from({ length: 60 }, (_, i) => watch(replicas, fleets[i % 20] as string, i % 3));
    for (const watcher of watchers) expect(await watcher.sse.status).toBe(200);
    const watched = new Set(fleets);
    await within(() => fleets.every((fleetId) => pollsOf(sim(), new Set([fleetId]), 0).length > 0), 10_000, 'every fleet polled');
    await sleep(2 * INTERVAL_MS);

    const from = Date.now();
    await sleep(10_000);
    const calls = pollsOf(sim(), watched, from, from + 10_000).length;
    // One poller per fleet, one poll per interval: 20 fleets × 10 s, whatever the number of replicas.
    const expected = (fleets.length * 10_000) / INTERVAL_MS;
    expect(calls).toBeGreaterThanOrEqual(expected * 0.9);
    expect(calls).toBeLessThanOrEqual(expected * 1.1);
    expect((await Promise.all(replicas.map((replica) => replica.metric('fleetgraph_live_fleets')))).reduce((a, b) => a + b, 0)).toBe(20);
    expect(await replicas[0]?.metric('fleetgraph_live_subscribers')).toBe(20);

    const appended = new Map(fleets.map((fleetId) => [fleetId, [...append(sim(), fleetId, 'desired 2'), ...append(sim(), fleetId, 'desired 3')]]));
    const took = await within(() => watchers.every((watcher) => ids(watcher).length >= 2), 10_000, 'the appended events');
    expect(took).toBeLessThanOrEqual(2 * INTERVAL_MS);
    await sleep(INTERVAL_MS);
    for (const watcher of watchers) expect(ids(watcher)).toEqual(appended.get(watcher.fleetId));
    // The gateway's own measure of the same: from the poll that found an event to each delivery.
    const lagged = await Promise.all(replicas.map((replica) => replica.metric('fleetgraph_live_delivery_lag_seconds_count')));
    expect(lagged.reduce((a, b) => a + b, 0)).toBe(120);

    for (const watcher of watchers) watcher.sse.close();
  });

  it('replays `since` from the shared stream while it reaches back, from GameLift before that, with an exact seam', async () => {
    const [fleet] = await quietFleets(sim(), 1);
    const fleetId = fleet as string;
    const follower = watch(replicas, fleetId, 0);
    expect(await follower.sse.status).toBe(200);
    await within(() => pollsOf(sim(), new Set([fleetId]), 0).length > 0, 10_000, 'the first poll');
    const appended: string[] = [];
    for (const step of ['one', 'two', 'three']) {
      appended.push(...append(sim(), fleetId, step));
      await sleep(5);
    }
    await within(() => ids(follower).length >= 3, 10_000, 'the appended events');
    const history = await allEvents(replicas[0]?.url ?? '', fleetId);
    const secondAt = history.find((event) => event.eventId === appended[1])?.eventTime ?? '';

    // With GameLift failing every call, a replay the stream still holds is served all the same.
    sim().setFaults({ internalErrorEveryNth: 1 });
    const recent = watch(replicas, fleetId, 1, `, since: "${secondAt}"`);
    try {
      await within(() => ids(recent).length >= 2, 10_000, 'the replay from the stream');
      expect(ids(recent)).toEqual(appended.slice(1));
    } finally {
      sim().setFaults({ internalErrorEveryNth: 0 });
      recent.sse.close();
    }

    // From before the stream began: GameLift's log up to the stream, then the live events, each once.
    const everything = watch(replicas, fleetId, 2, ', since: "2020-01-01T00:00:00Z"');
    await within(() => ids(everything).length >= history.length, 10_000, 'the replay from GameLift');
    const [later] = append(sim(), fleetId, 'four');
    await within(() => ids(everything).length >= history.length + 1, 10_000, 'the live event after the replay');
    await sleep(INTERVAL_MS);
    expect(ids(everything)).toEqual([...history.map((event) => event.eventId), later]);
    everything.sse.close();
    follower.sse.close();
  });

  it('keeps every stream delivering while Redis dies and comes back, with nothing lost or repeated', async () => {
    const fleets = await quietFleets(sim(), 2);
    const watchers = Array.from({ length: 12 }, (_, i) => watch(replicas, fleets[i % 2] as string, i % 3));
    for (const watcher of watchers) expect(await watcher.sse.status).toBe(200);
    await within(() => fleets.every((fleetId) => pollsOf(sim(), new Set([fleetId]), 0).length > 0), 10_000, 'both fleets polled');
    const appended = new Map(fleets.map((fleetId) => [fleetId, [] as string[]]));
    let appending = true;
    const appender = (async () => {
      for (let n = 0; appending; n++) {
        for (const fleetId of fleets) appended.get(fleetId)?.push(...append(sim(), fleetId, `step ${n}`));
        await sleep(300);
      }
    })();
    const redisUp = async () => Promise.all(replicas.map((replica) => replica.metric('fleetgraph_redis_up')));
    await sleep(2_000);
    await redis().kill();
    for (let waited = 0; (await redisUp()).some((up) => up !== 0); waited += 100) {
      if (waited > 10_000) throw new Error('the replicas did not notice Redis going away');
      await sleep(100);
    }
    await sleep(4_000);
    await redis().restart();
    for (let waited = 0; (await redisUp()).some((up) => up !== 1); waited += 100) {
      if (waited > 15_000) throw new Error('the replicas did not reconnect to Redis');
      await sleep(100);
    }
    await sleep(4_000);
    appending = false;
    await appender;
    const wanted = (watcher: Watcher) => appended.get(watcher.fleetId)?.length ?? 0;
    await within(() => watchers.every((watcher) => ids(watcher).length >= wanted(watcher)), 15_000, 'every appended event');
    await sleep(2 * INTERVAL_MS);
    for (const watcher of watchers) expect(ids(watcher)).toEqual(appended.get(watcher.fleetId));
    // Shared again: one poller per fleet in the deployment.
    await sleep(2 * INTERVAL_MS);
    expect((await Promise.all(replicas.map((replica) => replica.metric('fleetgraph_live_fleets')))).reduce((a, b) => a + b, 0)).toBe(2);
    for (const watcher of watchers) watcher.sse.close();
  });

  it("takes over the poller of a SIGKILLed replica within LIVE_LEASE_MS + one interval, losing and repeating nothing", async () => {
    const [busy] = await quietFleets(sim(), 1);
    const fleetId = busy as string;
    // Nine subscribers, three on each replica.
    const watchers = Array.from({ length: 9 }, (_, i) => watch(replicas, fleetId, i % 3));
    for (const watcher of watchers) expect(await watcher.sse.status).toBe(200);
    // The replica holding the fleet's lease is the one that polls it.
    let holder = -1;
    await within(() => pollsOf(sim(), new Set([fleetId]), 0).length > 0, 10_000, 'the first poll');
    for (let attempt = 0; attempt < 50 && holder < 0; attempt++) {
      const polling = await Promise.all(replicas.map((replica) => replica.metric('fleetgraph_live_fleets')));
      if (polling.reduce((a, b) => a + b, 0) === 1) holder = polling.indexOf(1);
      else await sleep(100);
    }
    expect(holder).toBeGreaterThanOrEqual(0);
    const survivors = watchers.filter((watcher) => watcher.replica !== holder);

    const before = append(sim(), fleetId, 'before');
    await within(() => watchers.every((watcher) => ids(watcher).length >= 1), 10_000, 'the event before');
    await replicas[holder]?.kill();
    const killedAt = Date.now();
    const during = append(sim(), fleetId, 'during');
    await within(() => pollsOf(sim(), new Set([fleetId]), killedAt).length > 0, LEASE_MS + 5 * INTERVAL_MS, 'polling to resume');
    const resumedAfter = (pollsOf(sim(), new Set([fleetId]), killedAt)[0]?.at ?? Number.POSITIVE_INFINITY) - killedAt;
    expect(resumedAfter).toBeLessThanOrEqual(LEASE_MS + INTERVAL_MS);
    await within(() => survivors.every((watcher) => ids(watcher).length >= 2), 10_000, 'the event during');
    const after = append(sim(), fleetId, 'after');
    await within(() => survivors.every((watcher) => ids(watcher).length >= 3), 10_000, 'the event after');
    await sleep(INTERVAL_MS);
    for (const watcher of survivors) expect(ids(watcher)).toEqual([...before, ...during, ...after]);
    const takeovers = await Promise.all(replicas.filter((_, i) => i !== holder).map((replica) => replica.metric('fleetgraph_live_lease_takeovers_total')));
    expect(takeovers.reduce((a, b) => a + b, 0)).toBe(1);
    for (const watcher of watchers) watcher.sse.close();
  });
});

describe.runIf(redisRunnable)('200 watched fleets on a budget of 10 calls/s', () => {
  const redis = perFile(RedisServer.start, (server) => server.kill());
  const sim = perFile(() => startSimulator(), (s) => s.close());

  it('keeps live polls within LIVE_BUDGET_SHARE of GAMELIFT_MAX_RPS, stretching the interval, while queries stay fast', async () => {
    const replicas = await startReplicas(3, sim().url, {
      REDIS_URL: redis().url,
      GAMELIFT_MAX_RPS: '10',
      LIVE_POLL_INTERVAL_MS: String(INTERVAL_MS),
      LIVE_MAX_FLEETS_PER_CLIENT: '1000',
      LIVE_MAX_STREAMS_PER_CLIENT: '1000',
      // Every query below is a GameLift call.
      CACHE_TTL_FLEETS_MS: '0',
      CACHE_TTL_NEWEST_EVENTS_MS: '0',
      CACHE_TTL_OLDER_EVENTS_MS: '0',
    });
    try {
      const fleets = await quietFleets(sim(), 200);
      const watchers = fleets.map((fleetId, i) => watch(replicas, fleetId, i % 3));
      for (const watcher of watchers) expect(await watcher.sse.status).toBe(200);
      const from = Date.now();
      const latencies: number[] = [];
      for (let i = 0; Date.now() - from < 15_000; i++) {
        const started = performance.now();
        const response = await fetch(replicas[i % 3]?.url ?? '', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: `{ fleet(fleetId: "${fleets[i % 200]}") { name } }` }),
        });
        const answer = (await response.json()) as { data?: { fleet: { name: string } | null }; errors?: unknown };
        latencies.push(performance.now() - started);
        expect(answer.errors).toBeUndefined();
        await sleep(250);
      }
      const live = pollsOf(sim(), new Set(fleets), from).map((call) => call.at);
      // Half of 10 calls/s, deployment-wide, in any one second (the budget's own measure: arrivals at GameLift).
      expect(mostInAnyWindow(live)).toBeLessThanOrEqual(5);
      expect(live.length).toBeGreaterThan(15 * 3);
      latencies.sort((a, b) => a - b);
      expect(latencies[Math.ceil(latencies.length * 0.99) - 1]).toBeLessThan(1_000);
      // 200 fleets in 5 calls/s: each polled every 40 s once all are under way; the replicas show the stretch.
      const intervals = await Promise.all(replicas.map((replica) => replica.metric('fleetgraph_live_poll_interval_seconds')));
      expect(Math.max(...intervals)).toBeGreaterThan(10);
      for (const watcher of watchers) watcher.sse.close();
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
  });
});
