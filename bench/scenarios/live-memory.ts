/**
 * live-memory: the gateway's resident memory with 1,000, 5,000 and 10,000 live SSE streams open
 * on one replica (20 fleets, one poller each), and what one stream costs.
 */
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { seedData, startSimulator } from '../../src/simulator/index.js';
import { fixed, whole } from '../lib/numbers.js';
import { memoryOf } from '../lib/proc.js';
import { forkBenchModule, stop } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { startGateway } from '../lib/servers.js';
import { progress, type Settings } from '../lib/settings.js';

const STEPS = [1_000, 5_000, 10_000];
const QUICK_STEPS = [200, 500];
const FLEETS = 20;
/** Memory is read this long after the streams of a step are open (allocation settles, a GC or two). */
const SETTLE_MS = 3_000;
const TARGET_MIB = 400;

export async function liveMemoryScenario(settings: Settings): Promise<string> {
  const steps = settings.quick ? QUICK_STEPS : STEPS;
  const sim = await startSimulator();
  const gateway = await startGateway(sim, {
    // One client holding every stream: its limits raised to what many dashboards would hold together.
    LIVE_MAX_STREAMS_PER_CLIENT: '20000',
    LIVE_MAX_FLEETS_PER_CLIENT: '1000',
    CLIENT_MAX_CONCURRENT_REQUESTS: '1000',
  });
  const holder = forkBenchModule(new URL('../lib/stream-holder.ts', import.meta.url).pathname);
  const rows: string[][] = [];
  try {
    await sleep(1_000);
    const idle = memoryOf(gateway.pid).rssBytes;
    rows.push(['0', fixed(idle / 1024 ** 2, 0), '']);
    const bodies = seedData.fleets.slice(0, FLEETS).map((fleet) => JSON.stringify({ query: `subscription { fleetEvents(fleetId: "${fleet.attributes.FleetId}") { eventId eventTime eventCode } }` }));
    let previous = { streams: 0, rss: idle };
    for (const streams of steps) {
      holder.send({ open: streams, url: gateway.url, bodies });
      const [answer] = (await once(holder, 'message')) as [{ open: number; failed: number; reasons: Record<string, number> }];
      if (answer.failed > 0) throw new Error(`${answer.failed} streams were refused: ${JSON.stringify(answer.reasons)}`);
      await sleep(SETTLE_MS);
      const rss = memoryOf(gateway.pid).rssBytes;
      progress(`live-memory: ${streams} streams, ${fixed(rss / 1024 ** 2, 0)} MiB`);
      rows.push([whole(streams), fixed(rss / 1024 ** 2, 0), `${fixed((rss - previous.rss) / (streams - previous.streams) / 1024, 1)} KiB`]);
      previous = { streams, rss };
    }
  } finally {
    holder.send('close');
    await stop(gateway.child);
    await sim.close();
  }
  const last = rows.at(-1);
  return [
    '## live-memory: resident memory per open SSE stream',
    '',
    `One gateway (\`npm start\`'s command, default settings but the per-client live limits raised), ${FLEETS} fleets, streams opened ` +
      `by a separate process 200 at a time; VmRSS read ${SETTLE_MS / 1000} s after each step. Target (issue 18): 10,000 streams under ${TARGET_MIB} MiB.`,
    '',
    table(['streams open', 'gateway RSS (MiB)', 'per stream since the step before'], rows, ['right', 'right', 'right']),
    '',
    last && !settings.quick ? `10,000 streams: ${last[1]} MiB, target ≤ ${TARGET_MIB} MiB: ${Number(last[1]) <= TARGET_MIB ? 'met' : '**not met**'}.` : '',
  ].join('\n');
}
