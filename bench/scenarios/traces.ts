/**
 * traces: what OpenTelemetry export costs. The distinct-body proxy load (one GameLift call per
 * request, upstream at 0 ms, so that CPU is what is compared) against the gateway with traces off
 * (the default), and with every request traced (OTEL_TRACES_SAMPLER=always_on: an operation span,
 * a GameLift call span and an attempt span per request) exported over OTLP/HTTP protobuf to a
 * collector stand-in on loopback that takes every batch. Runs alternate off, on, off, on.
 * With BENCH_BEFORE_ENTRY set to another build's dist/main.js (the commit before traces, with
 * node_modules beside it), that build runs too: "off" against "before" is the cost of the code
 * paths traces added when they are off (target ≤ 2 %).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { gatewayEnv } from '../../test/support/gateway-process.js';
import type { LoadResult } from '../lib/load-spec.js';
import { failureSummary, runLoad, runWatchedLoad, throughput } from '../lib/load.js';
import { fixed, quantile, sortedSamples, whole } from '../lib/numbers.js';
import { meterCpu, type CpuUse } from '../lib/proc.js';
import { startNode, stop, type Started } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { GATEWAY_NODE_FLAGS, gatewayArgs } from '../lib/servers.js';
import { progress, UNLIMITED_RPS, type Settings } from '../lib/settings.js';
import { StartTimeWalk } from '../lib/workload.js';

/** Issue 19: traces off cost no more than 2 % of requests/s. */
const TARGET_OFF_COST = 0.02;

type Variant = 'off' | 'on' | 'before';

interface Run {
  readonly variant: Variant;
  readonly result: LoadResult;
  readonly cpu: CpuUse;
}

/** A collector stand-in: takes every OTLP/HTTP export, counts its bytes, keeps nothing. */
async function startSink(): Promise<{ url: string; exports: () => number; bytes: () => number; close: () => Promise<void> }> {
  let exports = 0;
  let bytes = 0;
  const server = createServer((request, response) => {
    request.on('data', (chunk: Buffer) => (bytes += chunk.length));
    request.on('end', () => {
      exports++;
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    exports: () => exports,
    bytes: () => bytes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function startVariant(sim: Simulator, variant: Variant, sinkUrl: string): Promise<Started> {
  const env = gatewayEnv(sim.url, { GAMELIFT_MAX_RPS: UNLIMITED_RPS });
  if (variant === 'on') return startNode({ name: 'gateway-traced', args: gatewayArgs(), env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: sinkUrl, OTEL_TRACES_SAMPLER: 'always_on' } });
  if (variant === 'before') return startNode({ name: 'gateway-before', args: [...GATEWAY_NODE_FLAGS, process.env.BENCH_BEFORE_ENTRY as string], env });
  return startNode({ name: 'gateway', args: gatewayArgs(), env });
}

const of = (runs: readonly Run[], variant: Variant) => runs.filter((run) => run.variant === variant);
const p99 = (runs: readonly Run[]) => quantile(sortedSamples(...runs.map((run) => run.result.latenciesMs)), 0.99);
const cpuPerRequest = (runs: readonly Run[]) =>
  runs.reduce((sum, run) => sum + (run.cpu.cores.server ?? NaN) * run.result.elapsedMs, 0) / runs.reduce((sum, run) => sum + run.result.completed, 0);

export async function tracesScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator();
  const sink = await startSink();
  const variants: Variant[] = process.env.BENCH_BEFORE_ENTRY ? ['off', 'on', 'before'] : ['off', 'on'];
  const servers = new Map<Variant, Started>();
  try {
    for (const variant of variants) servers.set(variant, await startVariant(sim, variant, sink.url));
    const walk = new StartTimeWalk();
    for (const variant of variants) {
      progress(`traces: warming up ${variant}`);
      walk.advance(await runLoad(walk.spec('gateway', (servers.get(variant) as Started).url, settings.warmupMs)));
    }
    const runs: Run[] = [];
    for (const variant of [...variants, ...variants]) {
      const server = servers.get(variant) as Started;
      const { result, watched } = await runWatchedLoad(walk.spec('gateway', server.url, settings.proxyRunMs), () => meterCpu({ server: server.pid }));
      walk.advance(result);
      progress(`traces: ${variant} ${whole(throughput(result))} requests/s, ${result.failed} failed`);
      runs.push({ variant, result, cpu: watched });
    }
    const off = of(runs, 'off');
    const offRps = throughput(...off.map((run) => run.result));
    const rows = variants.map((variant) => {
      const mine = of(runs, variant);
      const rps = throughput(...mine.map((run) => run.result));
      const cost = 1 - rps / offRps;
      const target = variant === 'before' ? `off within ${fixed(TARGET_OFF_COST * 100, 0)} % of before: ${Math.abs(offRps / rps - 1) <= TARGET_OFF_COST ? 'met' : '**not met**'}` : '';
      return [
        variant,
        whole(rps),
        fixed(p99(mine)),
        fixed(cpuPerRequest(mine), 3),
        variant === 'off' ? '' : `${fixed(cost * 100, 1)} %`,
        mine.map((run) => failureSummary(run.result)).join(', '),
        target,
      ];
    });
    const perRequest = sink.bytes() / of(runs, 'on').reduce((sum, run) => sum + run.result.completed, 0);
    return [
      '## traces: the cost of OpenTelemetry export',
      '',
      `Distinct bodies (the proxy workload: one DescribeFleetEvents per request), simulator at 0 ms, ${settings.proxyRunMs / 1000} s runs alternating ${[...variants, ...variants].join(', ')}. ` +
        '"on" traces every request (always_on) and exports over OTLP/HTTP protobuf to a loopback collector stand-in in the bench process. ' +
        (variants.includes('before') ? '"before" is the build before traces existed (BENCH_BEFORE_ENTRY).' : 'Run with BENCH_BEFORE_ENTRY for the "before" row.'),
      '',
      table(['gateway', 'requests/s', 'p99 ms', 'server CPU ms per request', 'requests/s lost vs off', 'failed', 'target'], rows, [
        'left', 'right', 'right', 'right', 'right', 'left', 'left',
      ]),
      '',
      `The collector received ${whole(sink.exports())} exports, ${fixed(perRequest, 0)} bytes per traced request.`,
    ].join('\n');
  } finally {
    await Promise.all([...servers.values()].map((server) => stop(server.child)));
    await sink.close();
    await sim.close();
  }
}
