/**
 * startup: from spawning `node dist/main.js` to the first 200 from /health, the moment a
 * liveness probe (or a load balancer) could send it traffic.
 */
import { request } from 'node:http';
import { startSimulator } from '../../src/simulator/index.js';
import { gatewayEnv } from '../../test/support/gateway-process.js';
import { freePort } from '../../test/support/ports.js';
import { fixed, quantile } from '../lib/numbers.js';
import { outputTail, spawnNode, stop } from '../lib/processes.js';
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

/** Ms from spawn to the first 200; the port is chosen here, since the probe must know it before the gateway logs it. */
async function timeOneStart(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const { child, outputFile } = spawnNode({ name: 'startup', args: gatewayArgs(), env: { ...env, PORT: String(port) } });
  try {
    while (performance.now() - started < GIVE_UP_MS) {
      if ((await probe(port)) === 200) return performance.now() - started;
      if (child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS));
    }
    throw new Error(`the gateway did not answer /health:\n${outputTail(outputFile)}`);
  } finally {
    await stop(child);
  }
}

export async function startupScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator();
  try {
    const times: number[] = [];
    for (let run = 1; run <= settings.startups; run++) {
      times.push(await timeOneStart(gatewayEnv(sim.url)));
      progress(`startup: ${fixed(times.at(-1) ?? NaN, 0)} ms`);
    }
    const median = quantile([...times].sort((a, b) => a - b), 0.5);
    return [
      '## startup: spawn to the first 200 from /health',
      '',
      `\`node ${GATEWAY_NODE_FLAGS.join(' ')} dist/main.js\` with authentication off, started ${settings.startups} times one after ` +
        `the other; /health is probed every ${PROBE_EVERY_MS} ms from the spawn on.`,
      '',
      table(
        ['runs (ms, in order)', 'median ms', 'target'],
        [[times.map((ms) => fixed(ms, 0)).join(', '), fixed(median, 0), `≤ ${TARGET_MS} ms: ${median <= TARGET_MS ? 'met' : '**not met**'}`]],
        ['left', 'right', 'left'],
      ),
    ].join('\n');
  } finally {
    await sim.close();
  }
}
