/**
 * Several Regions in one graph (GAMELIFT_REGIONS): the simulator serves each Region by the SigV4
 * scope of the request, as AWS serves each at its own endpoint, with fleets of its own.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { FLEETS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { subscribeSse } from '../support/sse.js';
import { stackForFile, withStack, type Stack } from '../support/stack.js';

const REGIONS = ['us-west-2', 'eu-central-1', 'ap-northeast-1'] as const;

type Raw = Awaited<ReturnType<Stack['raw']>>;
interface FleetEdge {
  readonly cursor: string;
  readonly node: { readonly fleetId: string; readonly region: string };
}
interface FleetPage {
  readonly edges: readonly FleetEdge[];
  readonly pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const page = (response: Raw): FleetPage => {
  expect(response.errors).toBeUndefined();
  return (response.data as { fleets: FleetPage }).fleets;
};

const FLEETS_PAGE = `query Page($first: Int, $after: String, $last: Int, $before: String, $regions: [String!]) {
  fleets(first: $first, after: $after, last: $last, before: $before, regions: $regions) {
    edges { cursor node { fleetId region } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

/** Every fleet of `regions` as the simulator holds them, in the order the connection promises. */
const expected = (sim: Simulator, regions: readonly string[]) =>
  regions.flatMap((region) => sim.regionFleets(region).map((fleet) => `${region}/${fleet.attributes.FleetId}`));

const named = (edges: readonly FleetEdge[]) => edges.map(({ node }) => `${node.region}/${node.fleetId}`);

describe('fleets across Regions', () => {
  const stack = stackForFile({ simulator: { regions: REGIONS }, env: { GAMELIFT_REGIONS: REGIONS.join(',') } });

  async function walkForward(size: number, regions?: readonly string[]) {
    const seen: FleetEdge[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const fleets = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: size, after, regions } }));
      seen.push(...fleets.edges);
      if (!fleets.pageInfo.hasNextPage) return seen;
      after = fleets.pageInfo.endCursor;
    }
    throw new Error('the walk did not end');
  }

  it.each([
    [1, REGIONS.slice(1)],
    [7, REGIONS.slice(0, 2)],
    [50, REGIONS],
    [100, REGIONS],
  ])('walks forward %i at a time over %j, every fleet once, in order, and every cursor resumes exactly', async (size, regions) => {
    const seen = await walkForward(size, regions);
    const all = expected(stack.sim, regions);
    expect(named(seen)).toEqual(all);
    // Any edge's cursor continues right after that edge, whichever Region it is in.
    for (const at of [0, Math.floor(seen.length / 2), seen.length - 2]) {
      const next = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: 3, after: seen[at]?.cursor, regions } }));
      expect(named(next.edges)).toEqual(all.slice(at + 1, at + 4));
    }
  });

  it.each([
    [3, REGIONS],
    [20, REGIONS.slice(1)],
  ])('walks backward %i at a time over %j, and hasNextPage/hasPreviousPage are exact at the ends', async (size, regions) => {
    const all = expected(stack.sim, regions);
    const seen: FleetEdge[] = [];
    let before: string | null = null;
    let last: FleetPage | undefined;
    for (let pages = 0; pages < 500; pages++) {
      last = page(await stack.raw({ query: FLEETS_PAGE, variables: { last: size, before, regions } }));
      seen.unshift(...last.edges);
      if (!last.pageInfo.hasPreviousPage) break;
      before = last.pageInfo.startCursor;
    }
    expect(named(seen)).toEqual(all);
  });

  it('knows whether a page that ends exactly where a Region ends has a next page', async () => {
    const eu = stack.sim.regionFleets('eu-central-1').length;
    const atRegionEnd = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: eu, regions: ['eu-central-1', 'ap-northeast-1'] } }));
    expect(atRegionEnd.edges).toHaveLength(eu);
    expect(atRegionEnd.pageInfo.hasNextPage).toBe(true);
    const atListEnd = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: eu, regions: ['eu-central-1'] } }));
    expect(atListEnd.pageInfo.hasNextPage).toBe(false);
    const fromStart = page(await stack.raw({ query: FLEETS_PAGE, variables: { last: eu, regions: ['us-west-2', 'eu-central-1'] } }));
    expect(named(fromStart.edges)).toEqual(expected(stack.sim, ['eu-central-1']));
    expect(fromStart.pageInfo.hasPreviousPage).toBe(true);
  });

  it('reads only the Regions a page needs', async () => {
    stack.sim.resetStats();
    const first = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: 2 } }));
    expect(first.edges.every((edge) => edge.node.region === 'us-west-2')).toBe(true);
    expect(stack.sim.calls().map((call) => call.region)).toEqual(['us-west-2']);
    // Resuming in the last Region reads that Region alone.
    const inLast = expected(stack.sim, REGIONS).findIndex((name) => name.startsWith('ap-northeast-1/'));
    const walk = await walkForward(100);
    stack.sim.resetStats();
    await stack.raw({ query: FLEETS_PAGE, variables: { first: 2, after: walk[inLast]?.cursor } });
    expect(new Set(stack.sim.calls().map((call) => call.region))).toEqual(new Set(['ap-northeast-1']));
  });

  it('refuses a Region it does not serve, naming those it does, and a cursor of another Region set', async () => {
    const unknown = await stack.raw({ query: FLEETS_PAGE, variables: { first: 1, regions: ['sa-east-1'] } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0]?.message).toContain(REGIONS.join(', '));
    const cursor = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: 1, regions: ['eu-central-1'] } })).pageInfo.endCursor;
    const foreign = await stack.raw({ query: FLEETS_PAGE, variables: { first: 1, after: cursor } });
    expect(foreign.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('finds a bare fleet id in its Region once, then remembers it; an ARN goes straight to its Region', async () => {
    const eu = stack.sim.regionFleets('eu-central-1')[3]?.attributes;
    if (!eu) throw new Error('no fleet');
    const query = (fleetId: string) => stack.raw({ query: `{ fleet(fleetId: "${fleetId}") { fleetId region name } }` });
    stack.sim.resetStats();
    const found = await query(eu.FleetId);
    expect(found.data).toEqual({ fleet: { fleetId: eu.FleetId, region: 'eu-central-1', name: eu.Name } });
    // One batched DescribeFleetAttributes per Region served, at most.
    expect(stack.sim.calls().map((call) => `${call.operation}@${call.region}`).sort()).toEqual(REGIONS.map((r) => `DescribeFleetAttributes@${r}`).sort());
    stack.sim.resetStats();
    expect((await query(eu.FleetId)).data).toEqual(found.data);
    expect(stack.sim.calls().map((call) => call.region)).toEqual(['eu-central-1']);
    stack.sim.resetStats();
    expect((await query(eu.FleetArn)).data).toEqual({ fleet: { fleetId: eu.FleetId, region: 'eu-central-1', name: eu.Name } });
    expect(stack.sim.calls().map((call) => call.region)).toEqual(['eu-central-1']);
    const elsewhere = await query(eu.FleetArn.replace('eu-central-1', 'sa-east-1'));
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const nowhere = await query('fleet-00000000-0000-4000-8000-00000000dead');
    expect(nowhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('refetches fleets and events of any Region by node id; ids minted before Regions mean the default Region', async () => {
    const eu = stack.sim.regionFleets('ap-northeast-1')[0]?.attributes;
    if (!eu) throw new Error('no fleet');
    const listed = await stack.raw({
      query: `{ fleet(fleetId: "${eu.FleetArn}") { id region events(first: 2) { edges { node { id eventId fleet { fleetId region } } } } } }`,
    });
    const fleet = (listed.data as { fleet: { id: string; events: { edges: { node: { id: string; eventId: string } }[] } } }).fleet;
    const refetched = await stack.raw({
      query: `query N($ids: [ID!]!) { nodes(ids: $ids) { __typename ... on Fleet { fleetId region } ... on FleetEvent { eventId fleet { region } } } }`,
      variables: { ids: [fleet.id, fleet.events.edges[1]?.node.id] },
    });
    expect(refetched.data).toEqual({
      nodes: [
        { __typename: 'Fleet', fleetId: eu.FleetId, region: 'ap-northeast-1' },
        { __typename: 'FleetEvent', eventId: fleet.events.edges[1]?.node.eventId, fleet: { region: 'ap-northeast-1' } },
      ],
    });
    // Before Regions, a Fleet id was the fleet id and a FleetEvent id [fleetId, time, eventId].
    const seeded = stack.sim.data.fleets.find((f) => f.attributes.FleetId === FLEETS.failedCreation);
    const event = seeded?.events[0];
    const legacy = await stack.raw({
      query: `query N($ids: [ID!]!) { nodes(ids: $ids) { ... on Fleet { fleetId region } ... on FleetEvent { eventId } } }`,
      variables: {
        ids: [
          encodeGlobalID('Fleet', FLEETS.failedCreation),
          encodeGlobalID('FleetEvent', JSON.stringify([FLEETS.failedCreation, event?.EventTime, event?.EventId])),
          encodeGlobalID('Fleet', eu.FleetId),
        ],
      },
    });
    expect(legacy.data).toEqual({ nodes: [{ fleetId: FLEETS.failedCreation, region: 'us-west-2' }, { eventId: event?.EventId }, null] });
  });

  it('answers forged Region ids and cursors with BAD_USER_INPUT or null, never a call to a Region not served', async () => {
    const eu = stack.sim.regionFleets('eu-central-1')[0]?.attributes;
    if (!eu) throw new Error('no fleet');
    const nodes = (ids: readonly string[]) => stack.raw({ query: 'query N($ids: [ID!]!) { nodes(ids: $ids) { id } }', variables: { ids } });
    stack.sim.resetStats();
    // A Region not served, a Region name that is no Region, a path, and an event of a Region not served.
    const unserved = await nodes([encodeGlobalID('Fleet', `sa-east-1/${eu.FleetId}`), encodeGlobalID('FleetEvent', JSON.stringify([eu.FleetId, 1, 'a1', 'sa-east-1']))]);
    expect(unserved).toMatchObject({ data: { nodes: [null, null] } });
    expect(stack.sim.calls()).toEqual([]);
    for (const forged of [`../../${eu.FleetId}`, `us-west-2/../${eu.FleetId}`, `EU-CENTRAL-1/${eu.FleetId}`, `eu-central-1/`, `${'a'.repeat(40)}-1/${eu.FleetId}`]) {
      expect((await nodes([encodeGlobalID('Fleet', forged)])).errors?.[0]?.extensions?.code, forged).toBe('BAD_USER_INPUT');
    }
    expect((await nodes([encodeGlobalID('FleetEvent', JSON.stringify([eu.FleetId, 1, 'a1', 'not a region']))])).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const text = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const inner = page(await stack.raw({ query: FLEETS_PAGE, variables: { first: 1, regions: ['eu-central-1'] } })).pageInfo.endCursor ?? '';
    const wrapped = JSON.parse(Buffer.from(inner, 'base64url').toString()) as { c: string };
    for (const after of [text({ r: 5, c: wrapped.c }), text({ r: 'sa-east-1', c: wrapped.c }), text({ r: 'eu-central-1', c: 7 }), text({ r: 'us-west-2', c: wrapped.c }), text([1, 2])]) {
      const forged = await stack.raw({ query: FLEETS_PAGE, variables: { first: 1, after } });
      expect(forged.errors?.[0]?.extensions?.code, after).toBe('BAD_USER_INPUT');
    }
    expect(stack.sim.calls().filter((call) => call.region === 'sa-east-1')).toEqual([]);
  });

  it('merges the events of fleets of two Regions into one feed', async () => {
    const us = stack.sim.regionFleets('us-west-2').find((f) => f.attributes.FleetId === FLEETS.pageBoundary50);
    const eu = stack.sim.regionFleets('eu-central-1')[0];
    if (!us || !eu) throw new Error('no fleets');
    const feed = await stack.raw({
      query: `query F($ids: [ID!]!) { events(fleetIds: $ids, first: 100) { edges { node { eventId eventTime fleet { fleetId region } } } } }`,
      variables: { ids: [us.attributes.FleetId, eu.attributes.FleetArn] },
    });
    expect(feed.errors).toBeUndefined();
    const edges = (feed.data as { events: { edges: { node: { eventId: string; eventTime: string; fleet: { fleetId: string; region: string } } }[] } }).events.edges;
    const all = [...us.events.map((e) => ({ e, region: 'us-west-2' })), ...eu.events.map((e) => ({ e, region: 'eu-central-1' }))].sort(
      (a, b) => b.e.EventTime - a.e.EventTime || (a.e.ResourceId < b.e.ResourceId ? -1 : a.e.ResourceId > b.e.ResourceId ? 1 : 0),
    );
    expect(edges.map(({ node }) => node.eventId)).toEqual(all.slice(0, 100).map(({ e }) => e.EventId));
    expect(new Set(edges.map(({ node }) => node.fleet.region))).toEqual(new Set(['us-west-2', 'eu-central-1']));
  });

  it('streams live events of fleets of two Regions', async () => {
    const eu = stack.sim.createFleetIn('eu-central-1', { outcome: 'ACTIVE', phaseMs: 0 });
    const us = stack.sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const query = 'subscription S($id: ID!) { fleetEvents(fleetId: $id) { eventId message fleet { fleetId region } } }';
    type Payload = { data?: { fleetEvents: { eventId: string; message: string; fleet: { fleetId: string; region: string } } } };
    const streams = [eu.fleetId, us.fleetId].map((id) => subscribeSse<Payload>(stack.url, query, { id }));
    try {
      await Promise.all(streams.map((stream) => stream.status));
      await new Promise((resolve) => setTimeout(resolve, 800));
      const [euEvent] = stack.sim.appendEvents(eu.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'eu scaled' }]);
      const [usEvent] = stack.sim.appendEvents(us.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'us scaled' }]);
      const deadline = Date.now() + 15_000;
      const has = (i: number, eventId: string | undefined) => streams[i]?.payloads.some((p) => p.data?.fleetEvents.eventId === eventId);
      while (!(has(0, euEvent?.EventId) && has(1, usEvent?.EventId)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      const delivered = streams.map((stream) => stream.payloads.map((p) => p.data?.fleetEvents).find((e) => e?.message.endsWith('scaled')));
      expect(delivered).toEqual([
        { eventId: euEvent?.EventId, message: 'eu scaled', fleet: { fleetId: eu.fleetId, region: 'eu-central-1' } },
        { eventId: usEvent?.EventId, message: 'us scaled', fleet: { fleetId: us.fleetId, region: 'us-west-2' } },
      ]);
    } finally {
      for (const stream of streams) stream.close();
    }
  }, 30_000);

  it('labels GameLift metrics with the Region', async () => {
    const eu = stack.sim.regionFleets('eu-central-1')[0]?.attributes;
    await stack.raw({ query: `{ fleet(fleetId: "${eu?.FleetArn}") { name } }` });
    const text = await (await fetch(new URL('/metrics', stack.url))).text();
    expect(text).toMatch(/^fleetgraph_upstream_requests_total\{region="eu-central-1",operation="DescribeFleetAttributes",outcome="ok"\} [1-9]/m);
    expect(text).toMatch(/^fleetgraph_upstream_budget_rps\{region="ap-northeast-1"\} \d+/m);
  });
});

describe('each Region its own budget', () => {
  it('one Region throttled by the budget does not slow the other', async () => {
    const sim = await startSimulator({ regions: ['us-west-2', 'eu-central-1'] });
    try {
      await withStack(
        { sharedSimulator: sim, env: { GAMELIFT_REGIONS: 'us-west-2,eu-central-1', GAMELIFT_MAX_RPS: '2', GAMELIFT_QUEUE_TIMEOUT_MS: '60000' } },
        async (stack) => {
          const busy = sim.regionFleets('us-west-2').slice(0, 24);
          const flood = Promise.all(busy.map((fleet) => stack.raw({ query: `{ fleet(fleetId: "${fleet.attributes.FleetArn}") { events(first: 1) { edges { node { eventId } } } } }` })));
          await new Promise((resolve) => setTimeout(resolve, 500));
          const eu = sim.regionFleets('eu-central-1')[1]?.attributes;
          const started = performance.now();
          const answer = await stack.raw({ query: `{ fleet(fleetId: "${eu?.FleetArn}") { name events(first: 1) { edges { node { eventId } } } } }` });
          const tookMs = performance.now() - started;
          expect(answer.errors).toBeUndefined();
          // The flooded Region's queue holds about 10 s of calls; the other Region answers within its own budget.
          expect(tookMs).toBeLessThan(3_000);
          const floodStarted = started;
          await flood;
          expect(performance.now() - floodStarted).toBeGreaterThan(5_000);
        },
      );
    } finally {
      await sim.close();
    }
  }, 60_000);
});

describe('the cost of finding a Region', () => {
  it('counts the lookup of a bare id in every Region against the budget, and none for an ARN', async () => {
    const sim = await startSimulator({ regions: REGIONS });
    try {
      await withStack({ sharedSimulator: sim, env: { GAMELIFT_REGIONS: REGIONS.join(','), GAMELIFT_MAX_RPS: '1', GAMELIFT_QUEUE_TIMEOUT_MS: '3000' } }, async (stack) => {
        const eu = sim.regionFleets('eu-central-1')[2]?.attributes;
        const events = (fleetId: string | undefined) => stack.raw({ query: `{ fleet(fleetId: "${fleetId}") { events(first: 1) { edges { node { eventId } } } } }` });
        const bare = await events(eu?.FleetId);
        expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', gameliftCalls: 4, limit: 3 });
        const byArn = await events(eu?.FleetArn);
        expect(byArn.errors).toBeUndefined();
      });
    } finally {
      await sim.close();
    }
  });
});

describe('readiness across Regions', () => {
  it('reports a Region that fails as degraded while another answers, and is unready only when none does', async () => {
    const sim = await startSimulator({ regions: ['us-west-2'] });
    try {
      await withStack({ sharedSimulator: sim, env: { GAMELIFT_REGIONS: 'us-west-2,af-south-1' } }, async (stack) => {
        const ready = await fetch(new URL('/ready', stack.url));
        expect(ready.status).toBe(200);
        expect(await ready.json()).toMatchObject({ status: 'ready', gamelift: 'degraded', regions: { 'us-west-2': 'ok', 'af-south-1': 'degraded' } });
        // The fleets of the Region that answers are still served.
        const fleets = await stack.raw({ query: '{ fleets(first: 2, regions: ["us-west-2"]) { edges { node { region } } } }' });
        expect(fleets.errors).toBeUndefined();
      });
      await withStack({ sharedSimulator: sim, env: { GAMELIFT_REGIONS: 'af-south-1' } }, async (stack) => {
        const ready = await fetch(new URL('/ready', stack.url));
        expect(ready.status).toBe(503);
        expect(await ready.json()).toMatchObject({ status: 'not ready', gamelift: 'failing', regions: { 'af-south-1': 'degraded' } });
      });
    } finally {
      await sim.close();
    }
  });
});
