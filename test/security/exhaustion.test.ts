/**
 * One client floods the gateway (`npm start`'s dist/main.js, with the default budget) the ways
 * the issue found, one pattern after another, while another client with credentials of its own
 * measures what it gets (floods.ts): its queries' latency, its live stream's delivery, the
 * gateway's memory, and what GameLift sees per second. Figures go to the test log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../src/simulator/index.js';
import { runGateway, type GatewayProcess } from '../support/gateway-process.js';
import { mostInAnyWindow } from '../support/windows.js';
import { floods, underFlood, type Measured } from './floods.js';
import { attacker, percentile, victim } from './support.js';

const POLL_MS = 1_000;
const PHASE_MS = 12_000;
/** The ceilings: memory under the largest log floods, and the victim's latency. */
const MAX_RSS_MIB = 400;
const MAX_P99_MS = 1_000;

let sim: Simulator;
let gateway: GatewayProcess;
let url: string;

beforeAll(async () => {
  sim = await startSimulator();
  gateway = runGateway({
    AWS_ENDPOINT_URL_GAMELIFT: sim.url,
    AWS_REGION: 'us-west-2',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AUTH_API_KEYS: `${attacker.entry},${victim.entry}`,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
    LIVE_POLL_INTERVAL_MS: String(POLL_MS),
  });
  url = await gateway.listening();
});

afterAll(async () => {
  gateway.child.kill('SIGTERM');
  await gateway.ended;
  await sim.close();
});

function expectUnharmed(name: string, measured: Measured): void {
  const p99 = percentile(measured.latencies, 99);
  console.log(
    `${name}: victim p50 ${percentile(measured.latencies, 50).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${measured.latencies.length} queries; ` +
      `live delivery max ${Math.max(0, ...measured.deliveryMs).toFixed(0)} ms (${measured.deliveryMs.length} events); peak RSS ${measured.peakRssMiB.toFixed(0)} MiB`,
  );
  expect(measured.failures, name).toEqual([]);
  expect(p99, name).toBeLessThan(MAX_P99_MS);
  expect(measured.undelivered, name).toBe(0);
  expect(Math.max(...measured.deliveryMs), name).toBeLessThan(2 * POLL_MS + 1_000);
  expect(measured.peakRssMiB, name).toBeLessThan(MAX_RSS_MIB);
}

describe('one client floods, another keeps its service', () => {
  it.each([...floods()])('%s', async (name, flood) => {
    expectUnharmed(name, await underFlood(flood, { url, sim, pid: gateway.child.pid as number, pollMs: POLL_MS, durationMs: PHASE_MS }));
  });

  it('kept GameLift within GAMELIFT_MAX_RPS (10) in every second of all of it', () => {
    const arrivals = sim.calls().map((call) => call.at);
    console.log(`GameLift calls during the floods: ${arrivals.length}; most in any second: ${mostInAnyWindow(arrivals, 1000)}`);
    expect(arrivals.length).toBeGreaterThan(100);
    expect(mostInAnyWindow(arrivals, 1000)).toBeLessThanOrEqual(10);
  });
});
