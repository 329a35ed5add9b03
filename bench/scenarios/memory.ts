/**
 * memory: the gateway's resident memory (VmRSS) idle, under the proxy load, and while reading a
 * 50 MiB log capped at LOG_MAX_BYTES (1 MiB by default) from a server that honours Range and
 * from one that streams the whole object; then a heap snapshot under load, to see what is ours.
 * Each phase runs in a fresh gateway process, so that one phase's peak does not blur the next.
 */
import { mkdtempSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { FLEETS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { FakeS3, storedObject, type StoredObject } from '../../test/support/fake-s3.js';
import { graphql, graphqlBody } from '../lib/graphql.js';
import { summarizeHeapSnapshot, type HeapSummary } from '../lib/heap-snapshot.js';
import type { LoadResult, LoadSpec } from '../lib/load-spec.js';
import { failureSummary, runLoad, runWatchedLoad, throughput } from '../lib/load.js';
import { fixed, mib, quantile, sortedSamples, whole } from '../lib/numbers.js';
import { memoryOf, sampleRss } from '../lib/proc.js';
import { SCRATCH_DIR, stop, type Started } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { GATEWAY_NODE_FLAGS, startGateway } from '../lib/servers.js';
import { progress, SIMULATED_LATENCY_MS, UNLIMITED_RPS, type Settings } from '../lib/settings.js';
import { PROXY_CONNECTIONS, StartTimeWalk } from '../lib/workload.js';

const LOG_BYTES = 50 * 1024 * 1024;
const LOG_CONCURRENCY = 8;
const SAMPLE_EVERY_MS = 250;
/** Idle is read this long after the gateway says it listens (start-up garbage collected or not, as it would be). */
const SETTLE_MS = 1_000;
/** "After" is read this long after the load ends: does the memory come back? */
const AFTER_MS = 3_000;
const TARGET_RSS_BYTES = 150 * 1024 * 1024;

interface Phase {
  readonly name: string;
  readonly load: LoadResult;
  readonly idleBytes: number;
  readonly peakSampledBytes: number;
  /** VmHWM: the kernel's own peak since the process started, between samples too. */
  readonly peakKernelBytes: number;
  readonly afterBytes: number;
  /** What the log server sent per query, when the phase reads logs. */
  readonly logBytesPerQuery?: number;
  /** Characters of log in each answer, when the phase reads logs. */
  readonly logCharsPerAnswer?: number;
}

/** Installer-like lines, repeated to `sizeBytes`: text like the real logs, made once. */
function installerLog(sizeBytes: number): Buffer {
  const lines: string[] = [];
  for (let i = 0; i < 10_000; i++) {
    const time = new Date(Date.UTC(2026, 8, 29, 12, 0, 0, i * 37)).toISOString();
    lines.push(`${time} [installer] step ${String(i).padStart(5, '0')}: copying C:\\game\\content\\pak${i % 97}.bin (${(i * 7919) % 65_536} bytes)\n`);
  }
  const block = Buffer.from(lines.join(''));
  const log = Buffer.alloc(sizeBytes);
  for (let offset = 0; offset < sizeBytes; offset += block.length) block.copy(log, offset, 0, Math.min(block.length, sizeBytes - offset));
  return log;
}

/** A gateway as in the proxy scenario (no budget), allowed to read logs from `logServer`. */
async function gateway(sim: Simulator, logServer: FakeS3, heapDir?: string): Promise<Started> {
  const flags = heapDir ? ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${heapDir}`] : [];
  const started = await startGateway(sim, { GAMELIFT_MAX_RPS: UNLIMITED_RPS, LOG_URL_ALLOWED_HOSTS: logServer.host }, flags);
  await sleep(SETTLE_MS);
  return started;
}

/** Runs `spec` against a gateway while sampling its memory; the phase as measured. */
async function measurePhase(name: string, server: Started, spec: LoadSpec): Promise<Phase> {
  const idleBytes = memoryOf(server.pid).rssBytes;
  const { result, watched } = await runWatchedLoad(spec, () => sampleRss(server.pid, SAMPLE_EVERY_MS));
  const peakKernelBytes = memoryOf(server.pid).peakRssBytes;
  await sleep(AFTER_MS);
  progress(`memory: ${name}: peak ${mib(watched.peakBytes)} MiB, ${whole(throughput(result))} requests/s, ${result.failed} failed`);
  return { name, load: result, idleBytes, peakSampledBytes: watched.peakBytes, peakKernelBytes, afterBytes: memoryOf(server.pid).rssBytes };
}

/** The global id of the failed fleet's event whose log is read (its failure event has one). */
async function loggedEventId(url: string): Promise<string> {
  const data = await graphql<{ fleet: { events: { edges: { node: { id: string; preSignedLogUrl: string | null } }[] } } }>(
    url,
    `{ fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 20) { edges { node { id preSignedLogUrl } } } } }`,
  );
  const event = data.fleet.events.edges.find((edge) => edge.node.preSignedLogUrl !== null);
  if (!event) throw new Error(`${FLEETS.failedCreation} has no event with a log`);
  return event.node.id;
}

/** Every log URL answered with `log` (simulator `logUrlBase`), ranged as S3 does unless `log.ignoreRange`. */
async function logPhase(sim: Simulator, logServer: FakeS3, log: StoredObject, durationMs: number): Promise<Phase> {
  logServer.otherwise(log);
  const server = await gateway(sim, logServer);
  try {
    const query = `query Log { node(id: "${await loggedEventId(server.url)}") { ... on FleetEvent { logContent } } }`;
    const check = await graphql<{ node: { logContent: string } }>(server.url, query);
    if (check.node.logContent.length === 0) throw new Error('logContent came back empty');
    const [requestsBefore, bytesBefore] = [logServer.requests.length, logServer.bytesServed];
    const name = log.ignoreRange ? 'logContent, server ignores Range (streams 50 MiB)' : 'logContent, server honours Range';
    const phase = await measurePhase(name, server, { url: server.url, connections: LOG_CONCURRENCY, durationMs, body: { template: graphqlBody(query) } });
    const requests = logServer.requests.length - requestsBefore;
    return { ...phase, logBytesPerQuery: (logServer.bytesServed - bytesBefore) / Math.max(1, requests), logCharsPerAnswer: check.node.logContent.length };
  } finally {
    await stop(server.child);
  }
}

/** Path of the snapshot once V8 has written it: it writes on the gateway's main thread, so /health answers only after. */
async function takeHeapSnapshot(server: Started, dir: string): Promise<string> {
  server.child.kill('SIGUSR2');
  for (let waited = 0; waited < 30_000; waited += 50) {
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot'));
    if (file) {
      await fetch(new URL('/health', server.url));
      return join(dir, file);
    }
    await sleep(50);
  }
  throw new Error('the gateway wrote no heap snapshot');
}

/** The proxy load with memory sampled, then a snapshot taken in the middle of a further load. */
async function proxyPhaseAndSnapshot(sim: Simulator, logServer: FakeS3, settings: Settings): Promise<{ phase: Phase; heap: HeapSummary; rssAtSnapshot: number }> {
  const heapDir = mkdtempSync(join(SCRATCH_DIR, 'heap-'));
  const server = await gateway(sim, logServer, heapDir);
  try {
    const walk = new StartTimeWalk();
    walk.advance(await runLoad(walk.spec('gateway', server.url, settings.warmupMs)));
    const phase = await measurePhase('proxy load', server, walk.spec('gateway', server.url, settings.memoryLoadMs));
    walk.advance(phase.load);
    const loading = runLoad(walk.spec('gateway', server.url, settings.snapshotLoadMs));
    await sleep(settings.snapshotLoadMs / 4);
    const rssAtSnapshot = memoryOf(server.pid).rssBytes;
    const file = await takeHeapSnapshot(server, heapDir);
    await loading;
    progress('memory: analysing the heap snapshot');
    return { phase, heap: summarizeHeapSnapshot(file), rssAtSnapshot };
  } finally {
    await stop(server.child);
  }
}

function phaseRows(phases: readonly Phase[]): string {
  const rows = phases.map((phase) => [
    phase.name,
    whole(throughput(phase.load)),
    fixed(quantile(sortedSamples(phase.load.latenciesMs), 0.99)),
    failureSummary(phase.load),
    mib(phase.idleBytes),
    mib(phase.peakSampledBytes),
    mib(phase.peakKernelBytes),
    mib(phase.afterBytes),
    phase.logBytesPerQuery === undefined ? '' : mib(phase.logBytesPerQuery),
    phase.peakSampledBytes <= TARGET_RSS_BYTES ? 'met' : '**not met**',
  ]);
  return table(
    ['phase', 'requests/s', 'p99 ms', 'failed', 'RSS idle MiB', 'RSS peak MiB (sampled)', 'VmHWM MiB', `RSS ${AFTER_MS / 1000} s after MiB`, 'log MiB sent per query', `peak ≤ ${mib(TARGET_RSS_BYTES)} MiB`],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
  );
}

function heapTables(heap: HeapSummary): string {
  const retainers = heap.retainers.map((retainer) => [
    [retainer.name, ...retainer.heldBy].join(' ← '),
    retainer.type,
    mib(retainer.retainedBytes),
    fixed(retainer.selfBytes / 1024),
    retainer.mostly.map((part) => `${part.edge ? `\`${part.edge}\`: ` : ''}${part.name} (${mib(part.retainedBytes)})`).join(' → '),
  ]);
  const groups = heap.groups.map((group) => [group.name, whole(group.count), mib(group.selfBytes)]);
  return [
    table(['retainer (← what holds it)', 'kind', 'retained MiB', 'self KiB', 'mostly (largest part, MiB) → its largest part…'], retainers, [
      'left', 'left', 'right', 'right', 'left',
    ]),
    '',
    'What the heap holds, by constructor (objects) or kind (code, strings, arrays…), by their own size:',
    '',
    table(['constructor or kind', 'objects', 'self MiB'], groups, ['left', 'right', 'right']),
  ].join('\n');
}

export async function memoryScenario(settings: Settings): Promise<string> {
  const log = installerLog(LOG_BYTES);
  const logServer = await FakeS3.start();
  const sim = await startSimulator({ faults: { latencyMs: SIMULATED_LATENCY_MS }, logUrlBase: `http://${logServer.host}` });
  try {
    const { phase: proxy, heap, rssAtSnapshot } = await proxyPhaseAndSnapshot(sim, logServer, settings);
    const ranged = await logPhase(sim, logServer, storedObject(log), settings.logLoadMs);
    const streamed = await logPhase(sim, logServer, storedObject(log, { ignoreRange: true }), settings.logLoadMs);
    return [
      '## memory: resident set of the gateway process',
      '',
      `VmRSS of \`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/main.js\` read from /proc: idle ${SETTLE_MS / 1000} s after it listens, sampled every ` +
        `${SAMPLE_EVERY_MS} ms under load (and the kernel's VmHWM), and ${AFTER_MS / 1000} s after the load. Proxy load: ` +
        `the proxy scenario's, ${PROXY_CONNECTIONS} connections for ${settings.memoryLoadMs / 1000} s. Logs: ` +
        `\`node(id:) { logContent }\` of the failed fleet's logged event, ${LOG_CONCURRENCY} at a time for ` +
        `${settings.logLoadMs / 1000} s, its presigned URL pointing (simulator \`logUrlBase\`) at a fake S3 (test/support/fake-s3.ts) holding ` +
        `${mib(LOG_BYTES)} MiB of log text; LOG_MAX_BYTES at its default, 1 MiB: each answer carried ` +
        `${whole(ranged.logCharsPerAnswer ?? NaN)} characters of it (Range honoured) and ${whole(streamed.logCharsPerAnswer ?? NaN)} (Range ignored). A fresh ` +
        'gateway process per phase.',
      '',
      phaseRows([proxy, ranged, streamed]),
      '',
      `**Heap snapshot** under the proxy load (\`--heapsnapshot-signal\`, taken with the process at ${mib(rssAtSnapshot)} MiB RSS): ` +
        `${mib(heap.totalBytes)} MiB of JavaScript heap reachable, ${whole(heap.objects)} objects; the rest of the resident set ` +
        "is V8's and Node's own (code space, native buffers, the loader's caches). The largest retainers (dominator tree, " +
        'as DevTools computes it; none listed inside another):',
      '',
      heapTables(heap),
    ].join('\n');
  } finally {
    await sim.close();
    await logServer.close();
  }
}
