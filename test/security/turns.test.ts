import { describe, expect, it } from 'vitest';
import { FLEETS } from '../../src/simulator/index.js';
import { asClient, attacker, securedStack, victim } from './support.js';

describe('clients take turns (CLIENT_MAX_CONCURRENT_REQUESTS)', () => {
  it("works on one client's requests a few at a time, answers 429 past what may wait, and never makes another client wait for them", async () => {
    const stack = await securedStack({ CLIENT_MAX_CONCURRENT_REQUESTS: '1', GAMELIFT_MAX_RPS: '10000', CACHE_TTL_NEWEST_EVENTS_MS: '0' });
    try {
      stack.sim.setFaults({ latencyMs: 300 });
      const leave = new AbortController();
      const slow = JSON.stringify({ query: `{ fleet(fleetId: "${FLEETS.sparse}") { events(first: 1) { edges { node { eventId } } } } }` });
      // One in progress, 256 waiting their turn (8 × the setting, at least 256), the next refused at once.
      const flood = Array.from({ length: 258 }, () =>
        fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': attacker.key }, body: slow, signal: leave.signal }).then(
          async (response) => ({ status: response.status, body: await response.text() }),
          () => null,
        ),
      );
      await expect.poll(() => stack.sim.stats().calls.DescribeFleetEvents ?? 0, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      const started = performance.now();
      const other = await asClient(stack.url, victim.key, { query: `{ fleet(fleetId: "${FLEETS.spot}") { name } }` });
      expect(other.body.errors).toBeUndefined();
      expect(performance.now() - started).toBeLessThan(1_000);
      // One at a time has reached GameLift (300 ms each): the others wait, before any work is done for them.
      expect(stack.sim.stats().calls.DescribeFleetEvents).toBeLessThanOrEqual(4);
      const refused = await Promise.race(flood.map(async (answer) => {
        const settled = await answer;
        return settled?.status === 429 ? settled : new Promise<never>(() => undefined);
      }));
      expect(JSON.parse(refused.body)).toMatchObject({ errors: [{ extensions: { code: 'TOO_MANY_REQUESTS' } }] });
      leave.abort();
      await Promise.all(flood);
    } finally {
      await stack.close();
    }
  });
});
