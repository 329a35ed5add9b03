/**
 * The processes a benchmark starts: the gateway (its production entry, dist/main.js), the
 * baseline and the load generator. Every one is registered so that `stopAll` ends them whatever
 * happened, and each writes its output to a file of its own (read for its URL and shown when it
 * fails), so that the bench process spends no CPU draining their pipes while it measures.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the gateway's and the baseline's working directory. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'fleetgraph-bench-'));
/** Where the processes' output files and heap snapshots go; removed by `stopAll`. */
export const SCRATCH_DIR = scratch;

const running = new Set<ChildProcess>();
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
  const outputFile = join(scratch, `${options.name}-${++started}.log`);
  const fd = openSync(outputFile, 'w');
  // Only PATH from our environment: what the gateway sees is what the bench sets.
  const child = spawn(process.execPath, options.args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...options.env },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  running.add(child);
  child.once('exit', () => running.delete(child));
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
  rmSync(scratch, { recursive: true, force: true });
}

/** Forks a TypeScript module of the bench (through tsx, like the bench itself) with an IPC channel. */
export function forkBenchModule(modulePath: string): ChildProcess {
  const child = fork(modulePath, [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** A port free on loopback right now, for a process whose port must be known before it logs it. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
