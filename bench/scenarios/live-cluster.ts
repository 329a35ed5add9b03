/**
 * live-cluster: three gateways sharing one Redis watch 200 fleets for 1,000 subscribers on a
 * budget of 10 calls/s: what GameLift sees (calls/s), how late events reach subscribers, and the
 * replicas' memory.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '../../src/simulator/index.js';
import { RedisServer } from '../../test/support/redis.js';
import { fixed, whole } from '../lib/numbers.js';
import { memoryOf } from '../lib/proc.js';
import { forkBenchModule, stop, type Started } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { startGateway } from '../lib/servers.js';
import { progress, type Settings } from '../lib/settings.js';

const REPLICAS = 3;
const FLEETS = 200;
const SUBSCRIBERS = 1_000;
const MAX_RPS = 10;
/** Events appended while measuring: one to a fleet in turn, this often. */
const APPEND_EVERY_MS = 500;

/** A quantile of a Prometheus histogram (buckets summed over replicas), interpolated in its bucket. */
function quantile(buckets: ReadonlyMap<number, number>, q: number): number {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Number.POSITIVE_INFINITY) ?? 0;
  let previousBound = 0;
  let previousCount = 0;
  for (const bound of bounds) {
    const count = buckets.get(bound) ?? 0;
    if (count >= q * total) {
      if (!Number.isFinite(bound)) return previousBound;
      return previousBound + ((q * total - previousCount) / Math.max(1, count - previousCount)) * (bound - previousBound);
    }
    previousBound = bound;
    previousCount = count;
  }
  return Number.NaN;
}

async function lagBuckets(replicas: readonly Started[]): Promise<Map<number, number>> {
  const buckets = new Map<number, number>();
  for (const replica of replicas) {
    const text = await (await fetch(new URL('/metrics', replica.url))).text();
    for (const [, le, count] of text.matchAll(/^fleetgraph_live_delivery_lag_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) {
      const bound = le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le);
      buckets.set(bound, (buckets.get(bound) ?? 0) + Number(count));
    }
  }
  return buckets;
}

export async function liveClusterScenario(settings: Settings): Promise<string> {
  const measureMs = settings.quick ? 5_000 : 90_000;
  const sim = await startSimulator();
  const redis = await RedisServer.start();
  const replicas: Started[] = [];
  const holder = forkBenchModule(new URL('../lib/stream-holder.ts', import.meta.url).pathname);
  try {
    for (let i = 0; i < REPLICAS; i++) {
      replicas.push(
        await startGateway(sim, {
          REDIS_URL: redis.url,
          GAMELIFT_MAX_RPS: String(MAX_RPS),
          LIVE_MAX_FLEETS_PER_CLIENT: String(FLEETS),
          LIVE_MAX_STREAMS_PER_CLIENT: String(SUBSCRIBERS),
        }),
      );
    }
    const fleets = Array.from({ length: FLEETS }, () => sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 }).fleetId);
    await sleep(500);
    const bodies = fleets.map((fleetId) => JSON.stringify({ query: `subscription { fleetEvents(fleetId: "${fleetId}") { eventId eventTime eventCode } }` }));
    // 1,000 subscribers, every fleet watched from each replica in turn.
    for (let i = 0; i < REPLICAS; i++) {
      const upTo = Math.round((SUBSCRIBERS * (i + 1)) / REPLICAS);
      holder.send({ open: upTo, url: replicas[i]?.url, bodies: bodies.slice(i).concat(bodies.slice(0, i)) });
      const [answer] = (await once(holder, 'message')) as [{ failed: number; reasons: Record<string, number> }];
      if (answer.failed > 0) throw new Error(`${answer.failed} streams were refused: ${JSON.stringify(answer.reasons)}`);
    }
    progress(`live-cluster: ${SUBSCRIBERS} streams open on ${REPLICAS} replicas, measuring ${measureMs / 1000} s`);
    const from = performance.timeOrigin + performance.now();
    let appended = 0;
    const appending = setInterval(() => sim.appendEvents(fleets[appended++ % FLEETS] as string, [{ eventCode: 'FLEET_SCALING_EVENT', message: `step ${appended}` }]), APPEND_EVERY_MS);
    await sleep(measureMs);
    clearInterval(appending);
    const to = performance.timeOrigin + performance.now();
    const polls = sim.calls().filter((call) => call.operation === 'DescribeFleetEvents' && call.at >= from && call.at < to).map((call) => call.at);
    let busiest = 0;
    for (let start = from; start + 1000 <= to; start += 100) busiest = Math.max(busiest, polls.filter((at) => at >= start && at < start + 1000).length);
    const lag = await lagBuckets(replicas);
    const rss = replicas.map((replica) => memoryOf(replica.pid).rssBytes / 1024 ** 2);
    const intervals = await Promise.all(
      replicas.map(async (replica) => Number(/^fleetgraph_live_poll_interval_seconds (\S+)$/m.exec(await (await fetch(new URL('/metrics', replica.url))).text())?.[1])),
    );
    const rows = [
      ['GameLift DescribeFleetEvents calls/s (mean over the run)', fixed(polls.length / ((to - from) / 1000), 2)],
      ['… in the busiest second', whole(busiest)],
      [`live share: LIVE_BUDGET_SHARE 0.5 × GAMELIFT_MAX_RPS ${MAX_RPS}`, '5'],
      ['effective poll interval, longest on any replica (s)', fixed(Math.max(...intervals), 1)],
      ['events appended', whole(appended)],
      ['deliveries (event × subscriber)', whole(lag.get(Number.POSITIVE_INFINITY) ?? 0)],
      ['delivery lag p50 (ms, from the poll that found the event)', fixed(quantile(lag, 0.5) * 1000, 1)],
      ['delivery lag p99 (ms)', fixed(quantile(lag, 0.99) * 1000, 1)],
      ['RSS per replica (MiB)', rss.map((value) => fixed(value, 0)).join(', ')],
    ];
    return [
      '## live-cluster: one poller per fleet across replicas',
      '',
      `${REPLICAS} gateways (\`npm start\`'s command) sharing one \`redis-server\`, ${FLEETS} fleets, ${whole(SUBSCRIBERS)} SSE subscribers ` +
        `opened by a separate process (every fleet watched from every replica), GAMELIFT_MAX_RPS=${MAX_RPS}, LIVE_POLL_INTERVAL_MS 5000 (default). ` +
        `For ${measureMs / 1000} s an event is appended to one fleet in turn every ${APPEND_EVERY_MS} ms. 200 fleets do not fit in a share of 5 calls/s ` +
        'at 5 s, so each fleet is polled about every 40 s: an event waits for its fleet\'s next poll (20 s on average), then the lag below ' +
        '(`fleetgraph_live_delivery_lag_seconds`, summed over the replicas: the append to the stream, the XREAD, the write to each subscriber).',
      '',
      table(['measure', 'value'], rows, ['left', 'right']),
    ].join('\n');
  } finally {
    holder.send('close');
    for (const replica of replicas) await stop(replica.child);
    await redis.kill();
    await sim.close();
  }
}
