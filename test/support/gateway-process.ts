import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';

/** `npm start`'s compiled entry (dist/main.js, built by `pretest`) as its own process, in front of a simulator. */
export interface GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the process exits, with what it printed. */
  readonly ended: Promise<{ readonly code: number | null; readonly stdout: string; readonly stderr: string }>;
  /** The GraphQL URL it logs once it listens. */
  listening(): Promise<string>;
}

/** What a gateway process needs to reach the simulator at `simulatorUrl`, authentication off, on a free port. */
export function gatewayEnv(simulatorUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_GAMELIFT: simulatorUrl,
    AWS_REGION: 'us-west-2',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AUTH_DISABLED: 'true',
    HOST: '127.0.0.1',
    PORT: '0',
    ...extra,
  };
}

/** Runs dist/main.js with only `env` (and PATH). */
export function runGateway(env: Record<string, string>): GatewayProcess {
  const child = spawn(process.execPath, ['dist/main.js'], { env: { PATH: process.env.PATH ?? '', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = once(child, 'exit').then(([code]) => ({ code: code as number | null, stdout, stderr: stderr.trim() }));
  return {
    child,
    ended,
    listening: async () => {
      for (let waited = 0; waited < 20_000; waited += 50) {
        const url = /"url":"([^"]+)"/.exec(stdout)?.[1];
        if (url) return url;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`gateway did not start: ${stdout}${stderr}`);
    },
  };
}
