/**
 * The load generator, run as a process of its own (forked by load.ts) so that it shares no event
 * loop with the simulator in the bench process and its CPU use can be told apart. Receives one
 * LoadSpec over IPC, sends one LoadResult back and exits.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { bodyAt, type LoadResult, type LoadSpec } from './load-spec.js';

interface Answer {
  readonly status: number;
  readonly body: Buffer;
}

function post(agent: Agent, target: URL, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      target,
      { agent, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Why an answer failed, or null: the raw `"errors":` key cannot occur inside a JSON string. */
function failureOf(answer: Answer): string[] | null {
  if (answer.status === 200 && !answer.body.includes('"errors":')) return null;
  try {
    const parsed = JSON.parse(answer.body.toString()) as { errors?: { extensions?: { code?: string } }[] };
    if (parsed.errors?.length) return parsed.errors.map((error) => error.extensions?.code ?? 'GRAPHQL_ERROR');
  } catch {
    // Not JSON: the status says enough.
  }
  return [`HTTP ${answer.status}`];
}

class Recorder {
  completed = 0;
  failed = 0;
  skippedTicks = 0;
  firstFailure: string | null = null;
  readonly failures: Record<string, number> = {};
  private latencies = new Float64Array(1024);

  record(latencyMs: number, failure: string[] | null, detail: string): void {
    if (this.completed === this.latencies.length) {
      const grown = new Float64Array(this.latencies.length * 2);
      grown.set(this.latencies);
      this.latencies = grown;
    }
    this.latencies[this.completed++] = latencyMs;
    if (!failure) return;
    this.failed++;
    for (const code of failure) this.failures[code] = (this.failures[code] ?? 0) + 1;
    this.firstFailure ??= detail.slice(0, 500);
  }

  samples(): Float64Array {
    return this.latencies.slice(0, this.completed);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Back to back: the next request as soon as the previous answer is in. */
async function closedLoop(end: number, sendOne: () => Promise<void>): Promise<void> {
  while (performance.now() < end) await sendOne();
}

/** A polling client: one request per interval from its offset; returns the ticks it skipped. */
async function polling(firstTick: number, intervalMs: number, end: number, sendOne: () => Promise<void>): Promise<number> {
  let skipped = 0;
  // Ticks as first + k·interval, not summed up, so that rounding cannot slip one more in before the end.
  const tickAt = (k: number) => firstTick + k * intervalMs;
  for (let k = 0; tickAt(k) < end; ) {
    await sleep(tickAt(k) - performance.now());
    await sendOne();
    k++;
    // A poll that overran its interval does not make the client catch up with a burst. Ticks
    // past the end were never due: polls plus skipped ticks make the ticks of the run.
    for (; tickAt(k) < performance.now(); k++) if (tickAt(k) < end) skipped++;
  }
  return skipped;
}

async function run(spec: LoadSpec): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const target = new URL(spec.url);
  const recorder = new Recorder();
  let sent = 0;
  const sendOne = async (): Promise<void> => {
    const body = bodyAt(spec.body, sent++);
    const started = performance.now();
    try {
      const answer = await post(agent, target, body);
      recorder.record(performance.now() - started, failureOf(answer), answer.body.toString('utf8', 0, 500));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'TRANSPORT_ERROR';
      recorder.record(performance.now() - started, [code], String(error));
    }
  };

  const cpuBefore = process.cpuUsage();
  const loopBefore = performance.eventLoopUtilization();
  const startedAt = performance.timeOrigin + performance.now();
  const start = performance.now();
  const end = start + spec.durationMs;
  const { intervalMs } = spec;
  await Promise.all(
    Array.from({ length: spec.connections }, async (_, index) => {
      if (intervalMs === undefined) return closedLoop(end, sendOne);
      // Not `+= await …`: that would read the counter before the wait, and clients would overwrite each other.
      const skipped = await polling(start + (index / spec.connections) * intervalMs, intervalMs, end, sendOne);
      recorder.skippedTicks += skipped;
    }),
  );
  const elapsedMs = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return {
    completed: recorder.completed,
    failed: recorder.failed,
    failures: recorder.failures,
    firstFailure: recorder.firstFailure,
    elapsedMs,
    startedAt,
    latenciesMs: recorder.samples(),
    skippedTicks: recorder.skippedTicks,
    loaderCores: (cpu.user + cpu.system) / 1000 / elapsedMs,
    loaderLoopBusy: performance.eventLoopUtilization(loopBefore).utilization,
  };
}

process.once('message', (spec: LoadSpec) => {
  run(spec).then(
    // Disconnecting once the result is out leaves nothing to keep the loader alive: it exits.
    (result) => process.send?.(result, undefined, {}, () => process.disconnect()),
    (error: unknown) => {
      console.error('bench loader:', error);
      process.exit(1);
    },
  );
});
// Loaded (tsx, http): the load may start without the loader's own start-up in it.
process.send?.('ready');
