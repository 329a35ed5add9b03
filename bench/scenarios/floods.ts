/**
 * floods: one client floods the gateway each way test/security found (test/security/floods.ts),
 * while another client measures its own queries, its live stream and the gateway's memory; the
 * largest log answer the defaults allow runs for 30 s. Default settings (budget 10/s), one
 * gateway process for all floods, LIVE_POLL_INTERVAL_MS 1 s; GameLift per second as the
 * simulator saw it.
 */
import { startSimulator } from '../../src/simulator/index.js';
import { floods, underFlood } from '../../test/security/floods.js';
import { attacker, victim } from '../../test/security/clients.js';
import { mostInAnyWindow } from '../../test/support/windows.js';
import { fixed, quantile, sortedSamples, whole } from '../lib/numbers.js';
import { stop } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { startGateway } from '../lib/servers.js';
import { progress, type Settings } from '../lib/settings.js';

const POLL_MS = 1_000;
const LOG_FLOOD = 'log aliases';

export async function floodsScenario(settings: Settings): Promise<string> {
  const sim = await startSimulator();
  const gateway = await startGateway(sim, {
    // Authentication on: two clients, each with its own lanes.
    AUTH_DISABLED: '',
    AUTH_API_KEYS: `${attacker.entry},${victim.entry}`,
    LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
    LIVE_POLL_INTERVAL_MS: String(POLL_MS),
  });
  const rows: string[][] = [];
  try {
    for (const [name, flood] of floods()) {
      const durationMs = name === LOG_FLOOD ? settings.logFloodMs : settings.floodMs;
      progress(`floods: ${name} for ${durationMs / 1000} s`);
      sim.resetStats();
      const measured = await underFlood(flood, { url: gateway.url, sim, pid: gateway.pid, pollMs: POLL_MS, durationMs });
      const latencies = sortedSamples(measured.latencies);
      rows.push([
        name,
        `${durationMs / 1000} s`,
        whole(measured.latencies.length),
        `${fixed(quantile(latencies, 0.5), 0)} / ${fixed(quantile(latencies, 0.99), 0)} ms`,
        `${fixed(Math.max(0, ...measured.deliveryMs), 0)} ms (${measured.deliveryMs.length} of ${measured.deliveryMs.length + measured.undelivered})`,
        `${fixed(measured.peakRssMiB, 0)} MiB`,
        whole(mostInAnyWindow(sim.calls().map((call) => call.at), 1000)),
        measured.failures.length === 0 ? 'none' : [...new Set(measured.failures)].join(', '),
      ]);
    }
  } finally {
    await stop(gateway.child);
    await sim.close();
  }
  return [
    '## floods: one client floods, another keeps its service',
    '',
    `The gateway (\`npm start\`'s command, default settings: budget 10 calls/s, \`LOG_MAX_CONCURRENT\` 8, \`LOG_MAX_BYTES_PER_REQUEST\` 8 MiB) with two API keys. ` +
      'The attacker, a process of its own (test/security/attacker.ts), floods one way at a time; the victim sends a query every 100 ms ' +
      '(4 in 5 answered from the cache, 1 in 5 a GameLift call), watches a fleet live (an event appended every 1.5 s, polled every second) ' +
      'and the gateway\'s VmRSS is sampled every 50 ms. Targets (issue 16): victim p99 under 1 s, every event within two intervals and a second (3 s), ' +
      'RSS under 400 MiB, GameLift at most 10 calls in any second.',
    '',
    table(
      ['flood', 'for', 'victim queries', 'victim p50 / p99', 'live delivery, slowest', 'gateway peak RSS', 'GameLift, most in a second', 'victim errors'],
      rows,
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    ),
  ].join('\n');
}
