import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import type { SeedFleet } from '../../src/simulator/index.js';
import { FleetEventsDocument, FleetsDocument, type FleetEventsQueryVariables } from '../generated/operations.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

const fleetWithEvents = (index: number) => stack.sim.data.fleets.filter((f) => f.events.length > 10)[index] as SeedFleet;
const fleetId = (index: number) => fleetWithEvents(index).attributes.FleetId;

async function eventsCursor(variables: FleetEventsQueryVariables) {
  const response = await stack.query(FleetEventsDocument, variables);
  return response.data?.fleet?.events.pageInfo.endCursor as string;
}

function tamper(cursor: string, change: (payload: Record<string, unknown>) => void): string {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(payload);
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

async function expectHealthy() {
  const health = await fetch(new URL('/health', stack.url));
  expect(health.status).toBe(200);
}

describe('bad input', () => {
  const eventsQuery = (args: string, id = fleetId(0)) => `{ fleet(fleetId: "${id}") { events(${args}) { edges { cursor } } } }`;

  const cases: [string, () => Promise<unknown>][] = [
    ['negative first', async () => ({ query: eventsQuery('first: -1') })],
    ['first over 100', async () => ({ query: eventsQuery('first: 101') })],
    ['last over 100', async () => ({ query: eventsQuery('last: 1000') })],
    ['first and last together', async () => ({ query: eventsQuery('first: 1, last: 1') })],
    ['after with last', async () => ({ query: eventsQuery(`last: 2, after: "${await eventsCursor({ fleetId: fleetId(0), first: 2 })}"`) })],
    ['garbage cursor', async () => ({ query: eventsQuery('first: 2, after: "garbage!"') })],
    ['base64 garbage cursor', async () => ({ query: eventsQuery(`first: 2, after: "${Buffer.from('hello').toString('base64url')}"`) })],
    ['cursor of another fleet', async () => ({ query: eventsQuery(`first: 2, after: "${await eventsCursor({ fleetId: fleetId(1), first: 2 })}"`) })],
    [
      'cursor made with other filters',
      async () => ({
        query: eventsQuery(`first: 2, after: "${await eventsCursor({ fleetId: fleetId(0), first: 2, eventCodes: ['FLEET_CREATED'] })}"`),
      }),
    ],
    [
      'fleets cursor on events',
      async () => {
        const fleets = await stack.query(FleetsDocument, { first: 2 });
        return { query: eventsQuery(`first: 2, after: "${fleets.data?.fleets.pageInfo.endCursor}"`) };
      },
    ],
    [
      'cursor with a tampered upstream token',
      async () => {
        const cursor = await eventsCursor({ fleetId: fleetId(0), first: 2 });
        const resumed = await stack.query(FleetEventsDocument, { fleetId: fleetId(0), first: 2, after: cursor });
        const deeper = resumed.data?.fleet?.events.pageInfo.endCursor as string;
        return { query: eventsQuery(`first: 2, after: "${tamper(deeper, (p) => (p.t = `${String(p.t).slice(0, -4)}AAAA`))}"`) };
      },
    ],
    [
      'cursor pointing at another event',
      async () => ({ query: eventsQuery(`first: 2, after: "${tamper(await eventsCursor({ fleetId: fleetId(0), first: 2 }), (p) => (p.k = 'a-nope'))}"`) }),
    ],
    [
      'cursor asking for a huge upstream page',
      async () => ({ query: eventsQuery(`first: 2, after: "${tamper(await eventsCursor({ fleetId: fleetId(0), first: 2 }), (p) => (p.l = 1e9))}"`) }),
    ],
    ['startTime after endTime', async () => ({ query: eventsQuery('startTime: "2026-02-01T00:00:00Z", endTime: "2026-01-01T00:00:00Z"') })],
    ['malformed fleet id', async () => ({ query: '{ fleet(fleetId: "not a fleet; DROP") { name } }' })],
    ['oversized fleet id', async () => ({ query: `{ fleet(fleetId: "fleet-${'a'.repeat(600)}") { name } }` })],
    ['malformed build id', async () => ({ query: '{ fleets(buildId: "../../etc") { edges { cursor } } }' })],
    ['malformed node id', async () => ({ query: '{ node(id: "%%%") { id } }' })],
    ['node id of a Fleet with a malformed fleet id', async () => ({ query: `{ node(id: "${encodeGlobalID('Fleet', 'nope!')}") { id } }` })],
    ['node id of a FleetEvent with a malformed key', async () => ({ query: `{ node(id: "${encodeGlobalID('FleetEvent', '[1,2')}") { id } }` })],
  ];

  for (const [name, body] of cases) {
    it(`answers ${name} with BAD_USER_INPUT and stays healthy`, async () => {
      const response = await stack.raw(await body());
      expect(response.status).toBe(200);
      expect(response.errors?.length).toBeGreaterThan(0);
      for (const error of response.errors ?? []) {
        expect(error.extensions?.code).toBe('BAD_USER_INPUT');
        expect(error.message).not.toMatch(/\n\s+at /);
      }
      await expectHealthy();
    });
  }

  it('rejects wrongly typed arguments and invalid dates before execution', async () => {
    for (const query of [
      `{ fleet(fleetId: "${fleetId(0)}") { events(first: "ten") { edges { cursor } } } }`,
      `{ fleet(fleetId: "${fleetId(0)}") { events(startTime: "yesterday") { edges { cursor } } } }`,
      `{ fleet(fleetId: "${fleetId(0)}") { events(eventCodes: [NOT_A_CODE]) { edges { cursor } } } }`,
    ]) {
      const response = await stack.raw({ query });
      expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const viaVariables = await stack.raw({
      query: 'query ($t: DateTime) { fleets(first: 1) { edges { node { events(startTime: $t) { edges { cursor } } } } } }',
      variables: { t: 'not a date' },
    });
    expect(viaVariables.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    for (const body of ['{', 'null', '{"query": 42}', '{"query": "{ fleets { edges { cursor } } }", "variables": "x"}']) {
      const response = await fetch(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(response.status).toBeLessThan(500);
    }
    await expectHealthy();
  });

  it('keeps partial results: a bad field fails alone', async () => {
    const response = await stack.raw({
      query: `{ good: fleet(fleetId: "${fleetId(0)}") { fleetId } bad: fleet(fleetId: "bad id") { fleetId } }`,
    });
    expect(response.data).toEqual({ good: { fleetId: fleetId(0) }, bad: null });
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]).toMatchObject({ path: ['bad'], extensions: { code: 'BAD_USER_INPUT' } });
  });
});

describe('query cost', () => {
  it('refuses a query that would fan out into too many upstream requests, before making any', async () => {
    const nested = `fragment E on FleetEvent { logContent }
      query ($n: Int) { fleets(first: $n) { edges { node { events(first: 100) { edges { node { ...E } } } } } } }`;
    stack.sim.resetStats();
    const response = await stack.raw({ query: nested, variables: { n: 100 } });
    expect(response.data ?? null).toBeNull();
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', cost: 1 + 100 + 100 * 100, maxCost: 1000 });
    expect(stack.sim.stats().calls).toEqual({});
    await expectHealthy();

    const affordable = await stack.raw({ query: nested.replace('logContent', 'eventId'), variables: { n: 100 } });
    expect(affordable.errors).toBeUndefined();
  });

  it('counts aliases: many cheap fields add up', async () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `a${i}: fleets(first: 100) { edges { node { events(first: 1) { edges { cursor } } } } }`);
    const response = await stack.raw({ query: `{ ${aliases.join('\n')} }` });
    expect(response.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });
});

describe('upstream failures', () => {
  it('surfaces GameLift internal errors as UPSTREAM_UNAVAILABLE after the SDK retries', async () => {
    stack.sim.setFaults({ internalErrorEveryNth: 1 });
    try {
      const response = await stack.query(FleetEventsDocument, { fleetId: fleetId(0), first: 1 });
      expect(response.data).toEqual({ fleet: null });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', upstreamError: 'InternalServiceException' });
    } finally {
      stack.sim.setFaults({ internalErrorEveryNth: 0 });
    }
  });

  it('surfaces persistent throttling as UPSTREAM_THROTTLED, and rides out occasional throttling', async () => {
    stack.sim.setFaults({ throttleEveryNth: 1 });
    try {
      const response = await stack.query(FleetEventsDocument, { fleetId: fleetId(0), first: 1 });
      expect(response.errors?.[0]?.extensions?.code).toBe('UPSTREAM_THROTTLED');
    } finally {
      stack.sim.setFaults({ throttleEveryNth: 0 });
    }
    stack.sim.setFaults({ throttleEveryNth: 2 });
    try {
      const response = await stack.query(FleetEventsDocument, { fleetId: fleetId(0), first: 5 });
      expect(response.errors).toBeUndefined();
      expect(response.data?.fleet?.events.edges).toHaveLength(5);
    } finally {
      stack.sim.setFaults({ throttleEveryNth: 0 });
    }
  });

  it('answers null for an event of a fleet that does not exist', async () => {
    const id = encodeGlobalID('FleetEvent', JSON.stringify(['fleet-00000000-0000-0000-0000-000000000000', 1_700_000_000_000, 'a-1']));
    const response = await stack.raw({ query: `{ node(id: "${id}") { id } }` });
    expect(response).toMatchObject({ data: { node: null } });
    expect(response.errors).toBeUndefined();
  });
});
