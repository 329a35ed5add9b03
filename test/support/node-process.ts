import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** How a process ended, with all it printed. */
export interface Ended {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A script of this repository (from dist/, built by `pretest`) as its own process. */
export interface NodeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves once the process has exited and its output is all read. */
  readonly ended: Promise<Ended>;
  /** What it has printed so far. */
  stdout(): string;
  stderr(): string;
}

/** Runs `node ARGS` with only `env` and PATH: none of the test runner's variables reach it. */
export function runNode(args: readonly string[], env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, args, { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  // `close`, not `exit`: the output pipes may still hold data when the process exits.
  const ended = once(child, 'close').then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, ended, stdout: () => stdout, stderr: () => stderr };
}
