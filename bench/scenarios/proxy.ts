/**
 * proxy: the gateway against a bare SDK proxy (bench/baseline.ts) doing the same work, one page
 * of 20 events from one DescribeFleetEvents, both as processes of their own in front of the
 * simulator, answering in 0 ms (CPU) and then 20 ms (a nearby Region). Runs alternate gateway,
 * baseline, gateway, baseline, so that a drift of the machine's load hits both; every request has
 * its own start time. Then identical bodies, with bare yoga answering from memory as the ceiling.
 */
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import type { LoadResult, LoadSpec } from '../lib/load-spec.js';
import { failureSummary, runLoad, runWatchedLoad, throughput } from '../lib/load.js';
import { fixed, percent, quantile, ratio, sortedSamples, whole } from '../lib/numbers.js';
import { memoryOf, meterCpu, type CpuUse } from '../lib/proc.js';
import { stop, type Started } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { GATEWAY_NODE_FLAGS, startBaseline, startCeiling, startGateway } from '../lib/servers.js';
import { progress, SIMULATED_LATENCY_MS, UNLIMITED_RPS, type Settings } from '../lib/settings.js';
import { PROXY_CONNECTIONS, StartTimeWalk, type Server } from '../lib/workload.js';

/** Distinct bodies with realistic latency (the first performance issue), and with a 0 ms upstream (issue 19: CPU). */
const DISTINCT_TARGETS = {
  [SIMULATED_LATENCY_MS]: { rps: 0.8, p99: 1.5 },
  0: { rps: 0.65, p99: 2 },
} as const satisfies Record<number, { rps: number; p99: number }>;
/** Issue 19: CPU per request at most 1.6× the proxy's; RSS after the distinct-body load. */
const TARGET_CPU_RATIO = 1.6;
const TARGET_RSS_MIB = 160;
/** Issue 19, identical bodies: ≥ 1.8× the proxy's requests/s, p99 no higher, within 10 % of bare yoga. */
const TARGET_IDENTICAL_RPS = 1.8;
const TARGET_CEILING_SHARE = 0.9;

interface Run {
  readonly server: Server;
  readonly result: LoadResult;
  readonly cpu: CpuUse;
  /** GameLift calls the simulator received during the run. */
  readonly upstreamCalls: number;
}

type Servers = Readonly<Record<Server, Started>>;

const verdict = (met: boolean) => (met ? 'met' : '**not met**');
const of = (runs: readonly Run[], server: Server) => runs.filter((run) => run.server === server);
const pooledRps = (runs: readonly Run[], server: Server) => throughput(...of(runs, server).map((run) => run.result));
const cpuPerRequest = (runs: readonly Run[], server: Server) => {
  const mine = of(runs, server);
  const cpuMs = mine.reduce((sum, run) => sum + (run.cpu.cores.server ?? NaN) * run.result.elapsedMs, 0);
  return cpuMs / mine.reduce((sum, run) => sum + run.result.completed, 0);
};

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

function distinctRows(runs: readonly Run[], latencyMs: number, rssMiB: number): string {
  const target = latencyMs === 0 ? DISTINCT_TARGETS[0] : DISTINCT_TARGETS[SIMULATED_LATENCY_MS];
  const [gateway, baseline] = [of(runs, 'gateway'), of(runs, 'baseline')];
  const rps = [pooledRps(runs, 'gateway'), pooledRps(runs, 'baseline')] as const;
  const p50 = [latency(gateway, 0.5), latency(baseline, 0.5)] as const;
  const p99 = [latency(gateway, 0.99), latency(baseline, 0.99)] as const;
  const cpu = [cpuPerRequest(runs, 'gateway'), cpuPerRequest(runs, 'baseline')] as const;
  return table(
    ['pooled over the runs', 'gateway', 'baseline', 'gateway / baseline', 'target'],
    [
      ['requests/s', whole(rps[0]), whole(rps[1]), ratio(rps[0] / rps[1]), `≥ ${ratio(target.rps)}: ${verdict(rps[0] / rps[1] >= target.rps)}`],
      ['p50 ms', fixed(p50[0]), fixed(p50[1]), ratio(p50[0] / p50[1]), ''],
      ['p99 ms', fixed(p99[0]), fixed(p99[1]), ratio(p99[0] / p99[1]), `≤ ${ratio(target.p99)}: ${verdict(p99[0] / p99[1] <= target.p99)}`],
      ['server CPU ms per request', fixed(cpu[0], 3), fixed(cpu[1], 3), ratio(cpu[0] / cpu[1]), latencyMs === 0 ? `≤ ${ratio(TARGET_CPU_RATIO)}: ${verdict(cpu[0] / cpu[1] <= TARGET_CPU_RATIO)}` : ''],
      ['gateway RSS after the load, MiB', fixed(rssMiB), '', '', `≤ ${TARGET_RSS_MIB}: ${verdict(rssMiB <= TARGET_RSS_MIB)}`],
    ],
    ['left', 'right', 'right', 'right', 'left'],
  );
}

function identicalRows(runs: readonly Run[]): string {
  const [gateway, baseline, ceiling] = (['gateway', 'baseline', 'ceiling'] as const).map((server) => pooledRps(runs, server)) as [number, number, number];
  const p99 = (server: Server) => latency(of(runs, server), 0.99);
  return table(
    ['identical bodies', 'value', 'target'],
    [
      ['gateway / baseline, requests/s', ratio(gateway / baseline), `≥ ${ratio(TARGET_IDENTICAL_RPS)}: ${verdict(gateway / baseline >= TARGET_IDENTICAL_RPS)}`],
      ['gateway / baseline, p99', ratio(p99('gateway') / p99('baseline')), `≤ 1.00×: ${verdict(p99('gateway') <= p99('baseline'))}`],
      ['gateway / bare yoga (the ceiling), requests/s', ratio(gateway / ceiling), `≥ ${ratio(TARGET_CEILING_SHARE)}: ${verdict(gateway / ceiling >= TARGET_CEILING_SHARE)}`],
    ],
    ['left', 'right', 'left'],
  );
}

interface Measured {
  readonly latencyMs: number;
  readonly runs: readonly Run[];
  readonly rssMiB: number;
  readonly identical: readonly Run[];
}

function latencySection({ latencyMs, runs, rssMiB, identical }: Measured): string {
  return [
    `### GameLift answering in ${latencyMs} ms${latencyMs === 0 ? ' (CPU: what each server spends per request)' : ' (a nearby Region)'}`,
    '',
    'Distinct bodies (one GameLift call per request):',
    '',
    runRows(runs),
    '',
    distinctRows(runs, latencyMs, rssMiB),
    '',
    'CPU during each run (2 cores in all; the simulator shares the bench process, the loader has its own):',
    '',
    cpuRows(runs),
    '',
    'Identical bodies (every request the same; the ceiling is bench/ceiling.ts):',
    '',
    runRows(identical),
    '',
    identicalRows(identical),
  ].join('\n');
}

function section(settings: Settings, measured: readonly Measured[]): string {
  const seconds = settings.proxyRunMs / 1000;
  return [
    '## proxy: the gateway against a bare SDK proxy',
    '',
    `Both servers answer one page of the 20 newest events at or after a start time of a 5,000-event fleet, with one ` +
      `DescribeFleetEvents (Limit 21) each, against the simulator in the bench process, first answering in 0 ms (so that ` +
      `CPU, not waiting, is compared), then in ${SIMULATED_LATENCY_MS} ms. ` +
      `The gateway runs as \`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/main.js\` with default settings (caches, coalescing, ` +
      `the response cache and the access log on) but \`GAMELIFT_MAX_RPS=${UNLIMITED_RPS}\` (the budget is a policy, not overhead; ` +
      `10,000 is the highest value it accepts); the baseline (bench/baseline.ts: node:http and the SDK, nothing else) runs on the ` +
      `same Node through tsx. Load: ${PROXY_CONNECTIONS} keep-alive connections, ${seconds} s per run after a ` +
      `${settings.warmupMs / 1000} s warm-up of each, runs alternating gateway, baseline, gateway, baseline. With distinct bodies ` +
      `each request has its own start time (1 ms further back than the previous one), so no cache or coalescing can answer for ` +
      `its work. With identical bodies (what dashboards send) the gateway answers from its response cache ` +
      `(RESPONSE_CACHE_TTL_MS, 1 s), the baseline calls GameLift every time, and the ceiling is a bare graphql-yoga server ` +
      `without plugins answering the same document with the same result from memory (bench/ceiling.ts).`,
    '',
    ...measured.map(latencySection),
  ].join('\n');
}

export async function proxyScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator();
  const started: Started[] = [];
  try {
    const gateway = await startGateway(sim, { GAMELIFT_MAX_RPS: UNLIMITED_RPS });
    started.push(gateway);
    const baseline = await startBaseline(sim);
    started.push(baseline);
    const walk = new StartTimeWalk();
    const identicalBody = walk.identicalSpec('gateway', gateway.url, 0).body.template;
    const ceiling = await startCeiling(sim, await (await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: identicalBody })).text());
    started.push(ceiling);
    const servers: Servers = { gateway, baseline, ceiling };
    for (const server of ['gateway', 'baseline', 'ceiling'] as const) {
      progress(`proxy: warming up the ${server}`);
      walk.advance(await runLoad(walk.spec(server, servers[server].url, settings.warmupMs)));
    }
    const measured: Measured[] = [];
    for (const latencyMs of [0, SIMULATED_LATENCY_MS]) {
      sim.setFaults({ latencyMs });
      const runs: Run[] = [];
      for (const server of ['gateway', 'baseline', 'gateway', 'baseline'] as const) {
        const run = await measure(sim, servers, server, walk.spec(server, servers[server].url, settings.proxyRunMs));
        walk.advance(run.result);
        runs.push(run);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const rssMiB = memoryOf(gateway.pid).rssBytes / 1024 / 1024;
      const identical: Run[] = [];
      for (const server of ['gateway', 'baseline', 'ceiling'] as const) {
        identical.push(await measure(sim, servers, server, walk.identicalSpec(server, servers[server].url, settings.proxyRunMs)));
      }
      measured.push({ latencyMs, runs, rssMiB, identical });
    }
    return section(settings, measured);
  } finally {
    await Promise.all(started.map((server) => stop(server.child)));
    await sim.close();
  }
}
