/**
 * startup: from spawning the gateway to the first 200 from /health, the moment a liveness probe
 * (or a load balancer) could send it traffic: `npm start` as an operator types it, and the node
 * command it runs, as an image or a process manager starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { startSimulator } from '../../src/simulator/index.js';
import { gatewayEnv } from '../../test/support/gateway-process.js';
import { freePort } from '../../test/support/ports.js';
import { fixed, quantile } from '../lib/numbers.js';
import { outputTail, ROOT, spawnNode, stop } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { GATEWAY_NODE_FLAGS, gatewayArgs } from '../lib/servers.js';
import { progress, type Settings } from '../lib/settings.js';

const TARGET_MS = 1000;
/** Probing every 5 ms bounds the error of each figure to 5 ms. */
const PROBE_EVERY_MS = 5;
const GIVE_UP_MS = 30_000;

/** The status of GET /health, or 0 while nothing answers. */
function probe(port: number): Promise<number> {
  return new Promise((resolve) => {
    const outgoing = request({ host: '127.0.0.1', port, path: '/health', agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    outgoing.on('error', () => resolve(0));
    outgoing.end();
  });
}

type Launch = (env: Record<string, string>) => { child: ChildProcess; output: () => string; stop: () => Promise<void> };

/** The compiled entry with npm start's flags, as the image and process managers run it. */
const nodeCommand: Launch = (env) => {
  const { child, outputFile } = spawnNode({ name: 'startup', args: gatewayArgs(), env });
  return { child, output: () => outputTail(outputFile), stop: () => stop(child) };
};

/** `npm start`, as an operator types it: npm, then the node command (in a process group of its own: npm does not pass signals on). */
const npmStart: Launch = (env) => {
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, detached: true, stdio: 'ignore' });
  return {
    child,
    output: () => '(npm start printed nothing the bench keeps)',
    stop: async () => {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
};

/** Ms from spawn to the first 200; the port is chosen here, since the probe must know it before the gateway logs it. */
async function timeOneStart(launch: Launch, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const { child, output, stop: stopIt } = launch({ ...env, PORT: String(port) });
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if ((await probe(port)) === 200) return performance.now() - started;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
    throw new Error(`the gateway did not answer /health:\n${output()}`);
  } finally {
    await stopIt();
  }
}

export async function startupScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator();
  try {
    const rows: string[][] = [];
    for (const [name, launch] of [
      ['`npm start`', npmStart],
      [`\`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/main.js\``, nodeCommand],
    ] as const) {
      const times: number[] = [];
      for (let run = 1; run <= settings.startups; run++) {
        times.push(await timeOneStart(launch, gatewayEnv(sim.url)));
        progress(`startup: ${name} ${fixed(times.at(-1) ?? NaN, 0)} ms`);
      }
      const median = quantile([...times].sort((a, b) => a - b), 0.5);
      rows.push([name, times.map((ms) => fixed(ms, 0)).join(', '), fixed(median, 0), `≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : '**not met**'}`]);
    }
    return [
      '## startup: spawn to the first 200 from /health',
      '',
      `Each command with authentication off, started ${settings.startups} times one after the other; /health is probed every ` +
        `${PROBE_EVERY_MS} ms from the spawn on. \`npm start\` does not compile: it runs the same command after npm's own start-up.`,
      '',
      table(['command', 'runs (ms, in order)', 'median ms', 'target'], rows, ['left', 'left', 'right', 'left']),
    ].join('\n');
  } finally {
    await sim.close();
  }
}
