/**
 * The processes a benchmark starts: the gateway (its production entry, dist/main.js), the
 * baseline and the load generator. Every one is registered so that `stopAll` ends them whatever
 * happened, and each writes its output to a file of its own (read for its URL and shown when it
 * fails), so that the bench process spends no CPU draining their pipes while it measures.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the gateway's and the baseline's working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the processes' output files and heap snapshots go; removed by `stopAll`. */
export const SCRATCH_DIR = mkdtempSync(join(tmpdir(), 'fleetgraph-bench-'));

const running = new Set<ChildProcess>();
/** Registers `child` for `stopAll` until it exits. */
function tracked<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
// The last resort, should the bench die without its cleanup (an uncaught exception): no gateway
// may outlive it. `exit` handlers run synchronously, so only a kill fits here.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export interface Started {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The URL the process logged when it began to listen. */
  readonly url: string;
  readonly outputFile: string;
}

export interface StartOptions {
  readonly name: string;
  /** Arguments to node. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

let started = 0;

/** Spawns node with `args`; its output goes to a file of its own. Does not wait for it. */
export function spawnNode(options: StartOptions): { child: ChildProcess; outputFile: string } {
  const outputFile = join(SCRATCH_DIR, `${options.name}-${++started}.log`);
  const fd = openSync(outputFile, 'w');
  // Only PATH from our environment: what the gateway sees is what the bench sets.
  const child = tracked(
    spawn(process.execPath, options.args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['ignore', fd, fd],
    }),
  );
  closeSync(fd);
  return { child, outputFile };
}

/** Spawns node and waits for the `"url":"http…"` line it logs once it listens. */
export async function startNode(options: StartOptions): Promise<Started> {
  const { child, outputFile } = spawnNode(options);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const url = /"url":"(http[^"]+)"/.exec(readFileSync(outputFile, 'utf8'))?.[1];
    if (url && child.pid !== undefined) return { child, pid: child.pid, url, outputFile };
    if (child.exitCode !== null || child.signalCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await stop(child);
  throw new Error(`${options.name} did not start listening:\n${outputTail(outputFile)}`);
}

export function outputTail(outputFile: string, lines = 20): string {
  return readFileSync(outputFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

/** SIGTERM, then SIGKILL if it has not exited within 5 s (a graceful stop waits for requests). */
export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Ends every process the bench started and removes their output files. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map(stop));
  rmSync(SCRATCH_DIR, { recursive: true, force: true });
}

/** Forks a TypeScript module of the bench (through tsx, like the bench itself) with an IPC channel. */
export function forkBenchModule(modulePath: string): ChildProcess {
  return tracked(
    fork(modulePath, [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
}
