import { describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { FLEETS } from '../../src/simulator/index.js';
import { withStack, type Stack } from '../support/stack.js';
import { mostInAnyWindow } from '../support/windows.js';

const events = (fleetId: string, first = 5) => `{ fleet(fleetId: "${fleetId}") { events(first: ${first}) { edges { node { eventId eventCode eventTime } } } } }`;

const withEnv = <T>(env: Record<string, string>, body: (stack: Stack) => Promise<T>): Promise<T> => withStack({ env }, body);

describe('coalescing', () => {
  it('serves 50 concurrent identical queries with one DescribeFleetEvents and identical answers', async () => {
    // All 50 at once from one client: more than it may have worked on at once by default (32).
    await withEnv({ CLIENT_MAX_CONCURRENT_REQUESTS: '50' }, async (stack) => {
      stack.sim.setFaults({ latencyMs: 200 });
      stack.sim.resetStats();
      const query = `{ fleet(fleetId: "${FLEETS.bigActive}") { name events(first: 20) { edges { cursor node { eventId eventTime } } } } }`;
      const answers = await Promise.all(Array.from({ length: 50 }, () => stack.raw({ query })));
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: 1 });
      for (const answer of answers) expect(answer).toEqual(answers[0]);
      stack.sim.setFaults({ latencyMs: 0 });
      expect(await stack.raw({ query })).toEqual(answers[0]);
    });
  });

  it('fails every waiter of a failing shared call with the same typed error', async () => {
    await withEnv({}, async (stack) => {
      stack.sim.setFaults({ latencyMs: 100, internalErrorEveryNth: 1 });
      stack.sim.resetStats();
      const answers = await Promise.all(Array.from({ length: 20 }, () => stack.raw({ query: events(FLEETS.sparse) })));
      // One shared call: its three attempts (the SDK's retries), not 20 × 3.
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 3 });
      for (const answer of answers) {
        expect(answer.errors).toMatchObject([{ path: ['fleet', 'events'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]);
      }
    });
  });

  it('does not cancel the shared call for the others when one client hangs up', async () => {
    await withEnv({}, async (stack) => {
      stack.sim.setFaults({ latencyMs: 300 });
      stack.sim.resetStats();
      const leaver = new AbortController();
      const body = JSON.stringify({ query: events(FLEETS.spot) });
      const send = (signal?: AbortSignal) =>
        fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, ...(signal ? { signal } : {}) });
      const first = send(leaver.signal).catch(() => null);
      const others = Array.from({ length: 9 }, () => send().then((response) => response.json()));
      await new Promise((resolve) => setTimeout(resolve, 100));
      leaver.abort();
      const answered = (await Promise.all(others)) as { data: unknown; errors?: unknown }[];
      await first;
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 1 });
      for (const answer of answered) {
        expect(answer.errors).toBeUndefined();
        expect(answer.data).toEqual(answered[0]?.data);
      }
    });
  });
});

describe('short-lived cache', () => {
  it('shows a new event on the newest page only after its TTL, and keeps older pages longer', async () => {
    await withEnv({ CACHE_TTL_NEWEST_EVENTS_MS: '400', CACHE_TTL_OLDER_EVENTS_MS: '60000', CACHE_TTL_FLEETS_MS: '60000' }, async (stack) => {
      const created = stack.sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
      const newest = async () => {
        const answer = await stack.raw({ query: events(created.fleetId, 1) });
        return (answer.data as { fleet: { events: { edges: { node: { eventId: string } }[] } } }).fleet.events.edges[0]?.node.eventId;
      };
      const before = await newest();
      stack.sim.resetStats();
      expect(await newest()).toBe(before);
      expect(stack.sim.stats().calls).toEqual({});
      const [appended] = stack.sim.appendEvents(created.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'scaled to 3' }]);
      expect(await newest()).toBe(before);
      await new Promise((resolve) => setTimeout(resolve, 450));
      expect(await newest()).toBe(appended?.EventId);
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 1 });

      // A page reached through a NextToken stays cached past the newest page's TTL. Pages of 100:
      // the third resumes 200 events deep, re-reading its cursor's (newest) page and then the next
      // one through a NextToken.
      const page = (after: string | null) =>
        stack.raw({
          query: `query ($after: String) { fleet(fleetId: "${FLEETS.bigActive}") { name events(first: 100, after: $after) { pageInfo { endCursor } edges { node { eventId } } } } }`,
          variables: { after },
        });
      const endCursor = (answer: Awaited<ReturnType<typeof page>>) =>
        (answer.data as { fleet: { events: { pageInfo: { endCursor: string } } } }).fleet.events.pageInfo.endCursor;
      const deep = endCursor(await page(endCursor(await page(null))));
      await new Promise((resolve) => setTimeout(resolve, 450));
      stack.sim.resetStats();
      const third = await page(deep);
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 2 });
      await new Promise((resolve) => setTimeout(resolve, 450));
      stack.sim.resetStats();
      expect(await page(deep)).toEqual(third);
      // The newest page is asked again (its TTL is over); the older one comes from the cache.
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 1 });
    });
  });

  it('is off with TTL 0, and a refreshed log URL goes around it', async () => {
    await withEnv({ CACHE_TTL_NEWEST_EVENTS_MS: '60000', CACHE_TTL_FLEETS_MS: '0' }, async (stack) => {
      const query = `{ fleet(fleetId: "${FLEETS.failedCreation}") { name events(first: 10) { edges { node { eventCode logContent } } } } }`;
      await stack.raw({ query });
      stack.sim.resetStats();
      await stack.raw({ query });
      // Attributes are not cached (TTL 0); the events page is.
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1 });
      stack.sim.resetStats();
      stack.sim.setFaults({ expireNextLogFetches: 1 });
      const answer = await stack.raw({ query });
      expect(answer.errors).toBeUndefined();
      // The expired URL was replaced by describing the event again: fresh, so GameLift was asked.
      expect(stack.sim.stats().calls.DescribeFleetEvents).toBe(1);
    });
  });
});

describe('rate budget in one process', () => {
  it('starts at most GAMELIFT_MAX_RPS calls in any one second, as GameLift sees them', async () => {
    await withEnv({ GAMELIFT_MAX_RPS: '5', GAMELIFT_QUEUE_TIMEOUT_MS: '20000' }, async (stack) => {
      const fleets = stack.sim.data.fleets.slice(0, 20).map((fleet) => fleet.attributes.FleetId);
      stack.sim.resetStats();
      const answers = await Promise.all(fleets.map((fleetId) => stack.raw({ query: events(fleetId) })));
      for (const answer of answers) expect(answer.errors).toBeUndefined();
      const calls = stack.sim.calls();
      expect(calls).toHaveLength(20);
      expect(mostInAnyWindow(calls.map((call) => call.at))).toBeLessThanOrEqual(5);
    });
  });

  it('fails a field whose call waited past GAMELIFT_QUEUE_TIMEOUT_MS for its turn with UPSTREAM_THROTTLED, and answers the rest', async () => {
    await withEnv({ GAMELIFT_MAX_RPS: '1', GAMELIFT_QUEUE_TIMEOUT_MS: '300' }, async (stack) => {
      const [first, second] = stack.sim.data.fleets.slice(0, 2).map((fleet) => fleet.attributes.FleetId);
      // The first query takes the budget's one slot for a second; the second's call waits its turn in vain.
      const taking = stack.raw({ query: events(first as string) });
      await new Promise((resolve) => setTimeout(resolve, 50));
      const answer = await stack.raw({ query: `{ __typename late: fleet(fleetId: "${second}") { events(first: 1) { edges { cursor } } } }` });
      expect((await taking).errors).toBeUndefined();
      expect(answer.data).toEqual({ __typename: 'Query', late: null });
      expect(answer.errors).toMatchObject([{ path: ['late', 'events'], extensions: { code: 'UPSTREAM_THROTTLED' } }]);
    });
  });

  it('queues fairly by client: one client burst does not starve another', async () => {
    const burst = newApiKey('burst-tool');
    const dashboard = newApiKey('dashboard');
    await withEnv({ AUTH_API_KEYS: `${burst.entry},${dashboard.entry}`, GAMELIFT_MAX_RPS: '4', GAMELIFT_QUEUE_TIMEOUT_MS: '30000' }, async (stack) => {
      const fleets = stack.sim.data.fleets.map((fleet) => fleet.attributes.FleetId);
      const completed: string[] = [];
      const send = async (key: string, fleetId: string, who: string) => {
        const response = await fetch(stack.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          body: JSON.stringify({ query: events(fleetId) }),
        });
        expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
        completed.push(who);
      };
      const bursting = fleets.slice(0, 16).map((fleetId) => send(burst.key, fleetId, 'burst'));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await Promise.all(fleets.slice(16, 18).map((fleetId) => send(dashboard.key, fleetId, 'dashboard')));
      await Promise.all(bursting);
      // Served round-robin: the burst's first four fill the first second's budget; then, with a
      // dozen burst calls still queued, the dashboard's two go out alternately with them.
      const lastDashboard = completed.lastIndexOf('dashboard');
      expect(completed.slice(0, lastDashboard).filter((who) => who === 'burst').length).toBeLessThanOrEqual(7);
      expect(completed.slice(lastDashboard).filter((who) => who === 'burst').length).toBeGreaterThanOrEqual(9);
    });
  });

  it('shrinks the budget after GameLift throttles, and shows it on /metrics', async () => {
    await withEnv({ GAMELIFT_MAX_RPS: '8' }, async (stack) => {
      const rate = async () => {
        const text = await (await fetch(new URL('/metrics', stack.url))).text();
        return Number(/^fleetgraph_upstream_budget_rps\{region="us-west-2"\} (\S+)$/m.exec(text)?.[1]);
      };
      expect(await rate()).toBe(8);
      stack.sim.setFaults({ throttleEveryNth: 1 });
      const throttled = await stack.raw({ query: events(FLEETS.sparse) });
      expect(throttled.errors?.[0]?.extensions?.code).toBe('UPSTREAM_THROTTLED');
      stack.sim.setFaults({ throttleEveryNth: 0 });
      // Halved once per second of throttling: once or twice here, as the SDK's retries are spaced.
      expect([4, 2]).toContain(await rate());
    });
  });
});
