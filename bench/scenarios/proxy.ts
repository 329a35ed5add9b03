/**
 * proxy: the gateway against a bare SDK proxy (bench/baseline.ts) doing the same work, one page
 * of 20 events from one DescribeFleetEvents, both as processes of their own in front of the
 * simulator (20 ms per GameLift call). Runs alternate gateway, baseline, gateway, baseline, so
 * that a drift of the machine's load hits both; every request has its own start time.
 */
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { LoadResult, LoadSpec } from '../lib/load-spec.js';
import { failureSummary, runLoad, runWatchedLoad, throughput } from '../lib/load.js';
import { fixed, percent, quantile, ratio, sortedSamples, whole } from '../lib/numbers.js';
import { meterCpu, type CpuUse } from '../lib/proc.js';
import { stop, type Started } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { GATEWAY_NODE_FLAGS, startBaseline, startGateway } from '../lib/servers.js';
import { progress, SIMULATED_LATENCY_MS, UNLIMITED_RPS, type Settings } from '../lib/settings.js';
import { PROXY_CONNECTIONS, StartTimeWalk, type Server } from '../lib/workload.js';

const TARGET_RPS_RATIO = 0.8;
const TARGET_P99_RATIO = 1.5;

interface Run {
  readonly server: Server;
  readonly result: LoadResult;
  readonly cpu: CpuUse;
  /** GameLift calls the simulator received during the run. */
  readonly upstreamCalls: number;
}

type Servers = Readonly<Record<Server, Started>>;

async function measure(sim: Simulator, servers: Servers, server: Server, spec: LoadSpec): Promise<Run> {
  sim.resetStats();
  const { result, watched } = await runWatchedLoad(spec, () => meterCpu({ server: servers[server].pid }));
  const upstreamCalls = Object.values(sim.stats().calls).reduce((sum, n) => sum + n, 0);
  progress(`proxy: ${server} ${fixed(result.completed / (result.elapsedMs / 1000), 0)} requests/s, ${result.failed} failed`);
  return { server, result, cpu: watched, upstreamCalls };
}

const latency = (runs: readonly Run[], q: number) => quantile(sortedSamples(...runs.map((run) => run.result.latenciesMs)), q);

function runRows(runs: readonly Run[]): string {
  const rows = runs.map((run, index) => [
    String(index + 1),
    run.server,
    whole(throughput(run.result)),
    fixed(latency([run], 0.5)),
    fixed(latency([run], 0.99)),
    failureSummary(run.result),
    `${whole(run.upstreamCalls)} (${fixed(run.upstreamCalls / run.result.completed, 3)})`,
  ]);
  return table(['run', 'server', 'requests/s', 'p50 ms', 'p99 ms', 'failed', 'GameLift calls (per request)'], rows, [
    'left', 'left', 'right', 'right', 'right', 'right', 'right',
  ]);
}

/** Where the CPU went: tells whether a server, the simulator or the loader was the limit. */
function cpuRows(runs: readonly Run[]): string {
  const rows = runs.map((run, index) => {
    const cores = run.cpu.cores.server ?? NaN;
    return [
      String(index + 1),
      run.server,
      fixed(cores, 2),
      fixed((cores * 1000) / throughput(run.result), 2),
      fixed(run.cpu.cores.bench ?? NaN, 2),
      percent(run.cpu.benchLoopBusy),
      fixed(run.result.loaderCores, 2),
      percent(run.result.loaderLoopBusy),
    ];
  });
  return table(
    ['run', 'server', 'server CPU, cores', 'server CPU ms per request', 'simulator process, cores', 'simulator loop busy', 'loader, cores', 'loader loop busy'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
}

function pooledRows(runs: readonly Run[]): string {
  const of = (server: Server) => runs.filter((run) => run.server === server);
  const [gateway, baseline] = [of('gateway'), of('baseline')];
  const rps = [throughput(...gateway.map((run) => run.result)), throughput(...baseline.map((run) => run.result))] as const;
  const p50 = [latency(gateway, 0.5), latency(baseline, 0.5)] as const;
  const p99 = [latency(gateway, 0.99), latency(baseline, 0.99)] as const;
  const verdict = (met: boolean) => (met ? 'met' : '**not met**');
  return table(
    ['pooled over the runs', 'gateway', 'baseline', 'gateway / baseline', 'target'],
    [
      ['requests/s', whole(rps[0]), whole(rps[1]), ratio(rps[0] / rps[1]), `≥ ${ratio(TARGET_RPS_RATIO)}: ${verdict(rps[0] / rps[1] >= TARGET_RPS_RATIO)}`],
      ['p50 ms', fixed(p50[0]), fixed(p50[1]), ratio(p50[0] / p50[1]), ''],
      ['p99 ms', fixed(p99[0]), fixed(p99[1]), ratio(p99[0] / p99[1]), `≤ ${ratio(TARGET_P99_RATIO)}: ${verdict(p99[0] / p99[1] <= TARGET_P99_RATIO)}`],
    ],
    ['left', 'right', 'right', 'right', 'left'],
  );
}

function section(settings: Settings, runs: readonly Run[], identical: readonly Run[]): string {
  const seconds = settings.proxyRunMs / 1000;
  return [
    '## proxy: the gateway against a bare SDK proxy',
    '',
    `Both servers answer one page of the 20 newest events at or after a start time of a 5,000-event fleet, with one ` +
      `DescribeFleetEvents (Limit 21) each, against the simulator (${SIMULATED_LATENCY_MS} ms per GameLift call) in the bench process. ` +
      `The gateway runs as \`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/main.js\` with default settings (cache and coalescing on, access log on) ` +
      `but \`GAMELIFT_MAX_RPS=${UNLIMITED_RPS}\` (the budget is a policy, not overhead; 10,000 is the highest value it accepts); ` +
      `the baseline (bench/baseline.ts: node:http and the SDK, nothing else) runs on the same Node through tsx. ` +
      `Load: ${PROXY_CONNECTIONS} keep-alive connections, ${seconds} s per run after a ${settings.warmupMs / 1000} s warm-up of each, ` +
      `runs alternating gateway, baseline, gateway, baseline. Each request has its own start time (1 ms further back than the ` +
      `previous one), so the gateway's cache and coalescing cannot answer for its work: one GameLift call per request.`,
    '',
    runRows(runs),
    '',
    pooledRows(runs),
    '',
    'CPU during each run (2 cores in all; the simulator shares the bench process, the loader has its own):',
    '',
    cpuRows(runs),
    '',
    `**The identical query**: every request the same body, ${seconds} s each. Here the gateway's pooling kicks in: identical ` +
      `GameLift calls in flight are coalesced into one, and the newest page of a fleet is cached for 1 s ` +
      `(CACHE_TTL_NEWEST_EVENTS_MS), so most requests cost no GameLift call at all. This measures what pooling saves, ` +
      `not the per-request overhead above; the baseline has neither and calls GameLift every time.`,
    '',
    runRows(identical),
  ].join('\n');
}

export async function proxyScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator({ faults: { latencyMs: SIMULATED_LATENCY_MS } });
  const started: Started[] = [];
  try {
    const gateway = await startGateway(sim, { GAMELIFT_MAX_RPS: UNLIMITED_RPS });
    started.push(gateway);
    const baseline = await startBaseline(sim);
    started.push(baseline);
    const servers: Servers = { gateway, baseline };
    const walk = new StartTimeWalk();
    for (const server of ['gateway', 'baseline'] as const) {
      progress(`proxy: warming up the ${server}`);
      walk.advance(await runLoad(walk.spec(server, servers[server].url, settings.warmupMs)));
    }
    const runs: Run[] = [];
    for (const server of ['gateway', 'baseline', 'gateway', 'baseline'] as const) {
      const run = await measure(sim, servers, server, walk.spec(server, servers[server].url, settings.proxyRunMs));
      walk.advance(run.result);
      runs.push(run);
    }
    const identical: Run[] = [];
    for (const server of ['gateway', 'baseline'] as const) {
      identical.push(await measure(sim, servers, server, walk.identicalSpec(server, servers[server].url, settings.proxyRunMs)));
    }
    return section(settings, runs, identical);
  } finally {
    await Promise.all(started.map((server) => stop(server.child)));
    await sim.close();
  }
}
