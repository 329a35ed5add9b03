/**
 * `npm run bench`: the gateway as its own process (`npm start`'s entry) in front of the embedded
 * simulator, measured against baselines in the same run. Bounded: every scenario sends a fixed
 * number of requests to loopback only. Prints a Markdown report (kept in bench/RESULTS.md).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { once } from 'node:events';
import { DescribeFleetEventsCommand, GameLiftClient } from '@aws-sdk/client-gamelift';
import { decodedLog, startSimulator, type Simulator } from '../src/simulator/index.js';

interface Run {
  readonly requests: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/** Sends `total` requests, `concurrency` at a time, and returns throughput and latency quantiles. */
async function load(total: number, concurrency: number, send: () => Promise<void>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t0 = performance.now();
        await send();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { requests: total, seconds, p50: at(0.5), p99: at(0.99) };
}

async function startGatewayProcess(sim: Simulator): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      AWS_ENDPOINT_URL_GAMELIFT: sim.url,
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
      LOG_MAX_PER_REQUEST: '100',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    output += chunk.toString();
    const match = /GraphiQL at (\S+)/.exec(output);
    if (match?.[1]) return { child, url: match[1] };
  }
  throw new Error(`gateway did not start: ${output}`);
}

/** Peak and current resident set of a process, from the kernel (no instrumentation in it). */
async function memoryOf(pid: number): Promise<{ rssMiB: number; peakMiB: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

async function graphql(url: string, query: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  const body = (await response.json()) as { errors?: unknown[] };
  if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 300)}`);
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
const row = (name: string, run: Run, extra: string) =>
  `| ${name} | ${fmt(run.requests / run.seconds, 0)} | ${fmt(run.p50)} | ${fmt(run.p99)} | ${extra} |`;

const sim = await startSimulator();
const { child, url } = await startGatewayProcess(sim);
const sdk = new GameLiftClient({ endpoint: sim.url, region: 'us-west-2', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } });
const fleets = sim.data.fleets;
const big = [...fleets].sort((a, b) => b.events.length - a.events.length)[0];
const bigLog = fleets
  .flatMap((f) => f.events)
  .filter((e) => e.logKey)
  .sort((a, b) => decodedLog(b.logKey as string).length - decodedLog(a.logKey as string).length)[0];
if (!big || !bigLog) throw new Error('seed lacks a big fleet or a log');

const lines: string[] = [];
const upstreamPerQuery = async (query: string) => {
  sim.resetStats();
  await graphql(url, query);
  const { calls, logRequests } = sim.stats();
  return `${Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ')}${logRequests ? `, log GETs ${logRequests}` : ''}`;
};

try {
  const REQUESTS = 2000;
  const CONCURRENCY = 16;
  const eventsQuery = `{ fleet(fleetId: "${big.attributes.FleetId}") { events(first: 20) { edges { cursor node { id eventCode message eventTime } } } } }`;
  // Warm both paths (JIT, connection pools) before measuring.
  await load(200, CONCURRENCY, () => graphql(url, eventsQuery));
  await load(200, CONCURRENCY, async () => void (await sdk.send(new DescribeFleetEventsCommand({ FleetId: big.attributes.FleetId, Limit: 21 }))));

  lines.push('| scenario | requests/s | p50 ms | p99 ms | upstream calls per query |', '| --- | ---: | ---: | ---: | --- |');
  const baseline = await load(REQUESTS, CONCURRENCY, async () => {
    await sdk.send(new DescribeFleetEventsCommand({ FleetId: big.attributes.FleetId, Limit: 21 }));
  });
  lines.push(row('baseline: SDK DescribeFleetEvents(Limit 21) straight to the simulator', baseline, 'DescribeFleetEvents 1'));
  const first = await load(REQUESTS, CONCURRENCY, () => graphql(url, eventsQuery));
  lines.push(row('gateway: fleet.events(first: 20)', first, await upstreamPerQuery(eventsQuery)));

  const walkQuery = (after: string | null) =>
    `{ fleet(fleetId: "${big.attributes.FleetId}") { events(first: 100${after ? `, after: "${after}"` : ''}) { pageInfo { endCursor } } } }`;
  let cursor: string | null = null;
  for (let i = 0; i < 30; i++) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: walkQuery(cursor) }) });
    const body = (await response.json()) as { data: { fleet: { events: { pageInfo: { endCursor: string } } } } };
    cursor = body.data.fleet.events.pageInfo.endCursor;
  }
  const deepQuery = walkQuery(cursor);
  const deep = await load(REQUESTS / 4, CONCURRENCY, () => graphql(url, deepQuery));
  lines.push(row('gateway: events(first: 100, after: cursor 3,000 events deep)', deep, await upstreamPerQuery(deepQuery)));

  const fanOutQuery = `{ fleets(first: 20) { edges { node { name status events(first: 5) { edges { node { eventCode } } } } } } }`;
  const fanOut = await load(REQUESTS / 4, CONCURRENCY, () => graphql(url, fanOutQuery));
  lines.push(row('gateway: fleets(first: 20) × events(first: 5)', fanOut, await upstreamPerQuery(fanOutQuery)));

  // Log reads: throughput, and the memory of a fresh gateway process per scenario, so that peaks
  // from other scenarios and garbage-collection lag do not blur the comparison.
  const at = new Date(bigLog.EventTime).toISOString();
  const logEvent = `fleet(fleetId: "${bigLog.ResourceId}") { events(first: 10, startTime: "${at}", endTime: "${at}")`;
  const size = (decodedLog(bigLog.logKey as string).length / 1024 / 1024).toFixed(1);
  const logScenarios: [string, string][] = [
    ['baseline: the event holding the largest log, log not selected', `{ ${logEvent} { edges { node { eventId message } } } } }`],
    [`log(maxBytes: 65536) of the ${size} MiB log`, `{ ${logEvent} { edges { node { log(maxBytes: 65536) { contentBytes } } } } } }`],
    [`log(maxBytes: 65536, tail: true) of the ${size} MiB log`, `{ ${logEvent} { edges { node { log(maxBytes: 65536, tail: true) { contentBytes } } } } } }`],
    [`logContent (1 MiB cap) of the ${size} MiB log`, `{ ${logEvent} { edges { node { logContent } } } } }`],
  ];
  const LOG_REQUESTS = 300;
  const LOG_CONCURRENCY = 8;
  const memoryRows: string[] = [];
  let baselinePeak = NaN;
  for (const [name, query] of logScenarios) {
    const fresh = await startGatewayProcess(sim);
    try {
      await load(20, LOG_CONCURRENCY, () => graphql(fresh.url, query));
      const idle = await memoryOf(fresh.child.pid as number);
      const run = await load(LOG_REQUESTS, LOG_CONCURRENCY, () => graphql(fresh.url, query));
      const after = await memoryOf(fresh.child.pid as number);
      sim.resetStats();
      await graphql(fresh.url, query);
      const { calls, logRequests } = sim.stats();
      const upstream = `${Object.entries(calls).map(([op, n]) => `${op} ${n}`).join(', ')}${logRequests ? `, log GETs ${logRequests}` : ''}`;
      lines.push(row(name.startsWith('baseline') ? name : `gateway: ${name}`, run, upstream));
      if (Number.isNaN(baselinePeak)) baselinePeak = after.peakMiB;
      memoryRows.push(`| ${name} | ${fmt(idle.peakMiB)} | ${fmt(after.peakMiB)} | ${fmt(after.peakMiB - baselinePeak)} |`);
    } finally {
      fresh.child.kill('SIGTERM');
      await once(fresh.child, 'exit');
    }
  }
  lines.push(
    '',
    `Peak resident memory (VmHWM) of a fresh gateway process serving ${LOG_REQUESTS} requests, ${LOG_CONCURRENCY} at a time:`,
    '',
    '| scenario | peak MiB after warm-up | peak MiB after the run | vs baseline MiB |',
    '| --- | ---: | ---: | ---: |',
    ...memoryRows,
  );
  console.log(lines.join('\n'));
} finally {
  child.kill('SIGTERM');
  await once(child, 'exit');
  sdk.destroy();
  await sim.close();
}
