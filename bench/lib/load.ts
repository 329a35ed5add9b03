/** Runs one load (see load-spec.ts) in a fresh loader process and returns what it measured. */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { LoadResult, LoadSpec } from './load-spec.js';
import { forkBenchModule } from './processes.js';
import { progress } from './settings.js';

const LOADER = new URL('./loader.ts', import.meta.url);

/** The child's next IPC message; rejects if it exits first. */
function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench loader exited with ${String(code)}`));
    child.once('exit', onExit);
    child.once('message', (message: T) => {
      child.off('exit', onExit);
      resolve(message);
    });
  });
}

/** Something measured alongside a load: started as the load starts, stopped as it ends. */
export type Watch<T> = () => { stop(): T };

/** Runs the load while `watch` measures (CPU, memory): from the loader's start to its result, its own start-up excluded. */
export async function runWatchedLoad<T>(spec: LoadSpec, watch: Watch<T>): Promise<{ result: LoadResult; watched: T }> {
  const loader = forkBenchModule(LOADER.pathname);
  const exited = once(loader, 'exit');
  // The loader's start-up (tsx, the http module) happens before it says it is ready: not measured.
  await nextMessage<'ready'>(loader);
  const answer = nextMessage<LoadResult>(loader);
  const watching = watch();
  let watched: T;
  let result: LoadResult;
  try {
    loader.send(spec);
    result = await answer;
  } finally {
    // Also when the loader died: a watch may hold a timer that would keep sampling.
    watched = watching.stop();
  }
  await exited;
  if (result.firstFailure !== null) progress(`${result.failed} of ${result.completed} requests failed; the first: ${result.firstFailure}`);
  return { result, watched };
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return (await runWatchedLoad(spec, () => ({ stop: () => undefined }))).result;
}

/** Requests per second of one or several runs together. */
export const throughput = (...runs: readonly LoadResult[]): number =>
  runs.reduce((sum, run) => sum + run.completed, 0) / (runs.reduce((sum, run) => sum + run.elapsedMs, 0) / 1000);

/** `0`, or the count of failures with their codes, for a report's table. */
export const failureSummary = (result: LoadResult): string =>
  result.failed === 0 ? '0' : `${result.failed} (${Object.entries(result.failures).map(([code, n]) => `${code} ${n}`).join(', ')})`;
