/** `npm start`'s compiled entry (dist/main.js, built by `pretest`) run as its own process. */
import { once } from 'node:events';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { FLEETS, startSimulator } from '../src/simulator/index.js';
import { gatewayEnv, runGateway } from './support/gateway-process.js';
import { perFile } from './support/per-file.js';

const sim = perFile(() => startSimulator(), (s) => s.close());

describe('start-up refusal', () => {
  it('refuses to start without authentication configured, in one line naming the variables', async () => {
    const { code, stderr, stdout } = await runGateway({ AWS_REGION: 'us-west-2' }).ended;
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/AUTH_API_KEYS/);
    expect(stderr).toMatch(/AUTH_JWT_JWKS_URL/);
    expect(stderr).toMatch(/AUTH_DISABLED=true/);
  });

  it('names every bad setting on a line of its own, without a stack trace', async () => {
    const { code, stderr } = await runGateway({ AUTH_API_KEYS: 'not-an-entry', PORT: 'eighty', MAX_QUERY_DEPTH: '0', CORS_ORIGINS: '*' }).ended;
    expect(code).not.toBe(0);
    const lines = stderr.split('\n');
    expect(lines).toHaveLength(4);
    expect(stderr).toMatch(/^fleetgraph: PORT must be an integer/m);
    expect(stderr).toMatch(/AUTH_API_KEYS entry 1/);
    expect(stderr).toMatch(/MAX_QUERY_DEPTH must be an integer from 1/);
    expect(stderr).toMatch(/CORS_ORIGINS/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('says in one line that the port is taken, and exits non-zero', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const address = taken.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    try {
      const { code, stderr } = await runGateway(gatewayEnv(sim().url, { PORT: String(address.port) })).ended;
      expect(code).not.toBe(0);
      expect(stderr.split('\n')).toHaveLength(1);
      expect(stderr).toMatch(new RegExp(`port ${address.port} .*already in use`));
    } finally {
      taken.close();
    }
  });
});

describe('graceful shutdown', () => {
  it('lets a slow request finish after SIGTERM, refuses new connections, and exits 0', async () => {
    const gateway = runGateway(gatewayEnv(sim().url, { SHUTDOWN_TIMEOUT_MS: '10000' }));
    try {
      const url = await gateway.listening();
      sim().setFaults({ latencyMs: 1500 });
      const slow = fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `{ fleet(fleetId: "${FLEETS.sparse}") { events(first: 3) { edges { node { eventId } } } } }` }),
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      gateway.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 200));
      await expect(fetch(new URL('/health', url))).rejects.toThrow();
      const answer = await slow;
      expect(answer.status).toBe(200);
      const body = (await answer.json()) as { data: { fleet: { events: { edges: unknown[] } } } };
      expect(body.data.fleet.events.edges).toHaveLength(3);
      const ended = await gateway.ended;
      expect(ended.code).toBe(0);
      expect(ended.stdout).toMatch(/"msg":"stopped"/);
    } finally {
      sim().setFaults({ latencyMs: 0 });
      gateway.child.kill('SIGKILL');
    }
  });
});

describe('several Regions through the compiled entry', () => {
  it('serves the fleets of every Region in GAMELIFT_REGIONS, through AWS_ENDPOINT_URL_GAMELIFT, and reports each on /ready', async () => {
    const regional = await startSimulator({ regions: ['us-west-2', 'eu-central-1'] });
    const gateway = runGateway(gatewayEnv(regional.url, { GAMELIFT_REGIONS: 'us-west-2,eu-central-1' }));
    try {
      const url = await gateway.listening();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ fleets(first: 3, regions: ["eu-central-1"]) { edges { node { fleetId region } } } }' }),
      });
      const body = (await response.json()) as { data: { fleets: { edges: { node: { fleetId: string; region: string } }[] } } };
      expect(body.data.fleets.edges.map(({ node }) => node)).toEqual(
        regional.regionFleets('eu-central-1').slice(0, 3).map((fleet) => ({ fleetId: fleet.attributes.FleetId, region: 'eu-central-1' })),
      );
      const ready = await fetch(new URL('/ready', url));
      expect(await ready.json()).toMatchObject({ status: 'ready', gamelift: 'ok', regions: { 'us-west-2': 'ok', 'eu-central-1': 'ok' } });
    } finally {
      gateway.child.kill('SIGTERM');
      await gateway.ended;
      await regional.close();
    }
  });

  it('refuses a GAMELIFT_REGIONS that names no Region, in one line', async () => {
    const { code, stderr } = await runGateway(gatewayEnv(sim().url, { GAMELIFT_REGIONS: 'us-west-2, mars' })).ended;
    expect(code).not.toBe(0);
    expect(stderr.split('\n')).toEqual([expect.stringMatching(/GAMELIFT_REGIONS must be a comma-separated list of Region names .*"mars"/)]);
  });
});
