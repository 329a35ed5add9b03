import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runNode, type Ended } from './node-process.js';

/** `npm start` as package.json has it: `node <V8 and Node flags> dist/main.js`. */
const START = /^node((?: --?[\w-]+(?:=\S+)?)*) (dist\/main\.js)$/;

/** The node arguments `npm start` runs the gateway with, flags included, read from package.json itself. */
export function startArguments(): string[] {
  const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const match = START.exec(scripts.start ?? '');
  if (!match) throw new Error(`package.json's start script is not "node [flags] dist/main.js": ${scripts.start}`);
  return [...(match[1] ?? '').trim().split(' ').filter(Boolean), match[2] as string];
}

/** `npm start`'s compiled entry (dist/main.js, built by `pretest`), with its flags, as its own process, in front of a simulator. */
export interface GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Resolves when the process exits, with what it printed. */
  readonly ended: Promise<Ended>;
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

/** Runs the gateway as `npm start` does, with only `env` (and PATH). */
export function runGateway(env: Record<string, string>): GatewayProcess {
  const gateway = runNode(startArguments(), env);
  const { child } = gateway;
  return {
    child,
    ended: gateway.ended.then((ended) => ({ ...ended, stderr: ended.stderr.trim() })),
    listening: async () => {
      for (let waited = 0; waited < 20_000; waited += 50) {
        const url = /"url":"([^"]+)"/.exec(gateway.stdout())?.[1];
        if (url) return url;
        if (child.exitCode !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error(`gateway did not start: ${gateway.stdout()}${gateway.stderr()}`);
    },
  };
}
