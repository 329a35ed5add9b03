/**
 * dashboards: the GameLift budget. 100 clients poll the same 10 fleets every second, each poll one
 * query over the 10 fleets, with the gateway's defaults (coalescing, caches, 10 GameLift
 * requests/s) and without them, to show the load GameLift would see and what it costs in latency.
 */
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { graphql, graphqlBody } from '../lib/graphql.js';
import type { LoadResult } from '../lib/load-spec.js';
import { failureSummary, runWatchedLoad } from '../lib/load.js';
import { fixed, percent, quantile, sortedSamples, whole, windowRates, type WindowRates } from '../lib/numbers.js';
import { meterCpu, type CpuUse } from '../lib/proc.js';
import { stop } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { startGateway } from '../lib/servers.js';
import { progress, SIMULATED_LATENCY_MS, UNLIMITED_RPS, type Settings } from '../lib/settings.js';

const CLIENTS = 100;
const FLEET_COUNT = 10;
const POLL_MS = 1000;

interface Setup {
  readonly name: string;
  readonly settings: Readonly<Record<string, string>>;
}

const SETUPS: readonly Setup[] = [
  { name: 'defaults: coalescing, caches, GAMELIFT_MAX_RPS 10', settings: {} },
  {
    name: `without: no coalescing, no caches, GAMELIFT_MAX_RPS ${UNLIMITED_RPS}`,
    settings: {
      GAMELIFT_COALESCING: 'false',
      CACHE_TTL_FLEETS_MS: '0',
      CACHE_TTL_NEWEST_EVENTS_MS: '0',
      CACHE_TTL_OLDER_EVENTS_MS: '0',
      GAMELIFT_MAX_RPS: UNLIMITED_RPS,
    },
  },
];

interface Run {
  readonly setup: Setup;
  readonly load: LoadResult;
  readonly rates: WindowRates;
  readonly byOperation: Readonly<Record<string, number>>;
  readonly cpu: CpuUse;
}

/** Ten seeded ACTIVE fleets with a full page of events each: a dashboard's fleets. */
function dashboardFleets(sim: Simulator): string[] {
  const fleets = sim.data.fleets.filter((fleet) => fleet.attributes.Status === 'ACTIVE' && fleet.events.length >= 20);
  if (fleets.length < FLEET_COUNT) throw new Error(`the seed has only ${fleets.length} ACTIVE fleets with 20 events`);
  return fleets.slice(0, FLEET_COUNT).map((fleet) => fleet.attributes.FleetId);
}

/** One poll of a dashboard: each fleet's name and newest 20 events, aliased in one query. */
const dashboardQuery = (fleetIds: readonly string[]) =>
  `query Dashboard {\n${fleetIds
    .map((fleetId, index) => `  f${index}: fleet(fleetId: "${fleetId}") { name events(first: 20) { edges { node { eventId eventCode eventTime message } } } }`)
    .join('\n')}\n}`;

async function measure(sim: Simulator, setup: Setup, query: string, seconds: number): Promise<Run> {
  const gateway = await startGateway(sim, setup.settings);
  try {
    await graphql(gateway.url, query);
    sim.resetStats();
    const spec = { url: gateway.url, connections: CLIENTS, durationMs: seconds * 1000, intervalMs: POLL_MS, body: { template: graphqlBody(query) } };
    const { result, watched } = await runWatchedLoad(spec, () => meterCpu({ gateway: gateway.pid }));
    const calls = sim.calls();
    const byOperation: Record<string, number> = {};
    for (const call of calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
    const rates = windowRates(calls.map((call) => call.at), result.startedAt, seconds);
    progress(`dashboards: ${setup.name}: ${fixed(rates.mean)} GameLift calls/s, ${result.failed} of ${result.completed} polls failed`);
    return { setup, load: result, rates, byOperation, cpu: watched };
  } finally {
    await stop(gateway.child);
  }
}

function budgetRows(runs: readonly Run[]): string {
  return table(
    ['setup', 'polls', 'failed', 'p50 ms', 'p99 ms', 'skipped polls', 'GameLift calls/s, mean', 'max in a 1-s window', 'max in any 1 s', 'GameLift calls by operation'],
    runs.map((run) => {
      const latencies = sortedSamples(run.load.latenciesMs);
      return [
        run.setup.name,
        whole(run.load.completed),
        failureSummary(run.load),
        fixed(quantile(latencies, 0.5)),
        fixed(quantile(latencies, 0.99)),
        whole(run.load.skippedTicks),
        fixed(run.rates.mean),
        whole(run.rates.maxFixed),
        whole(run.rates.maxSliding),
        Object.entries(run.byOperation).map(([operation, n]) => `${operation} ${whole(n)}`).join(', '),
      ];
    }),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

/** Where the CPU went: whether the gateway, the simulator or the loader was the limit. */
function cpuRows(runs: readonly Run[]): string {
  return table(
    ['setup', 'gateway, cores', 'simulator process, cores', 'simulator loop busy', 'loader, cores', 'loader loop busy'],
    runs.map((run) => [
      run.setup.name,
      fixed(run.cpu.cores.gateway ?? NaN, 2),
      fixed(run.cpu.cores.bench ?? NaN, 2),
      percent(run.cpu.benchLoopBusy),
      fixed(run.load.loaderCores, 2),
      percent(run.load.loaderLoopBusy),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right'],
  );
}

export async function dashboardsScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator({ faults: { latencyMs: SIMULATED_LATENCY_MS } });
  try {
    const query = dashboardQuery(dashboardFleets(sim));
    const runs: Run[] = [];
    for (const setup of SETUPS) runs.push(await measure(sim, setup, query, settings.dashboardSeconds));
    return [
      '## dashboards: the GameLift budget',
      '',
      `${CLIENTS} clients poll the same ${FLEET_COUNT} fleets every second for ${settings.dashboardSeconds} s (starts spread ` +
        `evenly over the first second; a poll still running at its next tick skips it). Each poll is one query with ` +
        `${FLEET_COUNT} aliased \`fleet(fleetId:) { name events(first: 20) { … } }\`. The simulator adds ${SIMULATED_LATENCY_MS} ms ` +
        'per GameLift call and logs each one\'s arrival (`sim.calls()`); calls per second are counted over the consecutive ' +
        '1-s windows from the first poll, and over any 1-s window (sliding), which is what the budget bounds. Latency is ' +
        "each poll's, end to end. A fresh gateway per setup, its caches warmed by one poll before the run.",
      '',
      budgetRows(runs),
      '',
      'CPU during each run (2 cores in all):',
      '',
      cpuRows(runs),
    ].join('\n');
  } finally {
    await sim.close();
  }
}
