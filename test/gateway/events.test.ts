import { describe, expect, it } from 'vitest';
import { knownEventCodes } from '../../src/gamelift/enums.js';
import { FLEETS, seedFleet, type SeedEvent, type SeedFleet } from '../../src/simulator/index.js';
import {
  FleetEventsDocument,
  NodeDocument,
  type FleetEventCode,
  type FleetEventsQuery,
  type FleetEventsQueryVariables,
} from '../generated/operations.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

type Connection = NonNullable<FleetEventsQuery['fleet']>['events'];
type Filters = Pick<FleetEventsQueryVariables, 'startTime' | 'endTime' | 'eventCodes'>;

async function events(variables: FleetEventsQueryVariables): Promise<Connection> {
  const response = await stack.query(FleetEventsDocument, variables);
  expect(response.errors).toBeUndefined();
  const connection = response.data?.fleet?.events;
  if (!connection) throw new Error(`no events connection for ${variables.fleetId}`);
  return connection;
}

/** Follows endCursor until hasNextPage is false, as a client would. */
async function walkForward(fleetId: string, first: number, filters: Filters = {}) {
  const pages: Connection[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection = await events({ fleetId, first, after, ...filters });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { pages, ids: pages.flatMap((p) => p.edges.map((e) => e.node.eventId)) };
}

async function walkBackward(fleetId: string, last: number, filters: Filters = {}) {
  const ids: string[] = [];
  let before: string | null = null;
  for (;;) {
    const page: Connection = await events({ fleetId, last, before, ...filters });
    ids.unshift(...page.edges.map((e) => e.node.eventId));
    if (!page.pageInfo.hasPreviousPage) return ids;
    before = page.pageInfo.startCursor;
  }
}

const fleetsOf = () => stack.sim.data.fleets;
const idOf = (fleet: SeedFleet) => fleet.attributes.FleetId;
const inWindow = (filters: Filters) => (event: SeedEvent) =>
  (!filters.startTime || event.EventTime >= Date.parse(filters.startTime)) &&
  (!filters.endTime || event.EventTime <= Date.parse(filters.endTime));
const expectedIds = (fleet: SeedFleet, filters: Filters = {}) =>
  fleet.events
    .filter(inWindow(filters))
    .filter((e) => !filters.eventCodes || (filters.eventCodes as readonly string[]).includes(e.EventCode))
    .map((e) => e.EventId);
const byEventCount = (count: number) => fleetsOf().find((f) => f.events.length === count);
const largest = () => [...fleetsOf()].sort((a, b) => b.events.length - a.events.length)[0] as SeedFleet;
const sparse = () => fleetsOf().find((f) => f.emptyPagesOnTimeFilter) as SeedFleet;

describe('FleetEvent pagination over DescribeFleetEvents', () => {
  it('walks fleets with page-boundary counts exactly once each, newest first, at several page sizes', async () => {
    const boundaryFleets = [20, 50, 100].map(byEventCount).filter((f): f is SeedFleet => f !== undefined);
    expect(boundaryFleets.length).toBeGreaterThanOrEqual(2);
    for (const fleet of [...boundaryFleets, ...fleetsOf().slice(0, 5)]) {
      for (const size of [1, 7, 20, 100]) {
        if (size === 1 && fleet.events.length > 60) continue;
        const { ids, pages } = await walkForward(idOf(fleet), size);
        expect(ids).toEqual(expectedIds(fleet));
        expect(pages.length).toBe(Math.max(1, Math.ceil(fleet.events.length / size)));
      }
    }
  });

  it('walks the fleet with thousands of events and serves every field as GameLift sent it', async () => {
    const fleet = largest();
    expect(fleet.events.length).toBeGreaterThan(1000);
    const { pages } = await walkForward(idOf(fleet), 100);
    const served = pages.flatMap((p) => p.edges.map((e) => e.node));
    expect(served.map((e) => e.eventId)).toEqual(expectedIds(fleet));
    const seedById = new Map(fleet.events.map((e) => [e.EventId, e]));
    for (const event of served) {
      const seed = seedById.get(event.eventId) as SeedEvent;
      expect(event).toMatchObject({
        resourceId: seed.ResourceId,
        rawEventCode: seed.EventCode,
        message: seed.Message,
        eventTime: new Date(seed.EventTime).toISOString(),
        count: seed.Count ?? null,
      });
    }
  });

  it('keeps events that share a timestamp apart and in upstream order', async () => {
    const sharing = fleetsOf().filter((f) => new Set(f.events.map((e) => e.EventTime)).size < f.events.length);
    const fleet = sharing.sort((a, b) => a.events.length - b.events.length)[0];
    if (!fleet) throw new Error('the seed has no events sharing a timestamp');
    for (const size of [2, 3, 7]) {
      expect((await walkForward(idOf(fleet), size)).ids).toEqual(expectedIds(fleet));
    }
  });

  it('resumes after every cursor of a walk with exactly the events that follow it', async () => {
    const fleet = byEventCount(50) ?? (fleetsOf().find((f) => f.events.length > 30) as SeedFleet);
    const { pages } = await walkForward(idOf(fleet), 9);
    const edges = pages.flatMap((p) => p.edges);
    const all = expectedIds(fleet);
    for (const [i, edge] of edges.entries()) {
      const next = await events({ fleetId: idOf(fleet), first: 4, after: edge.cursor });
      expect(next.edges.map((e) => e.node.eventId)).toEqual(all.slice(i + 1, i + 5));
      expect(next.pageInfo.hasNextPage).toBe(i + 5 < all.length);
    }
  });

  it('resumes deep in a long log for a constant number of upstream calls', async () => {
    const fleet = largest();
    const { pages } = await walkForward(idOf(fleet), 100);
    for (const page of [pages[1], pages[pages.length - 3]]) {
      stack.sim.resetStats();
      await events({ fleetId: idOf(fleet), first: 100, after: page?.pageInfo.endCursor });
      expect(stack.sim.stats().calls.DescribeFleetEvents).toBeLessThanOrEqual(2);
    }
  });

  it('walks backward (last/before) to the same events in the same order', async () => {
    for (const fleet of [byEventCount(20), byEventCount(100), fleetsOf()[3]]) {
      if (!fleet) continue;
      for (const size of [1, 6, 100]) {
        if (size === 1 && fleet.events.length > 40) continue;
        expect(await walkBackward(idOf(fleet), size)).toEqual(expectedIds(fleet));
      }
    }
  });

  it('filters by time window, across the empty pages GameLift returns for sparse windows', async () => {
    const fleet = sparse();
    const times = fleet.events.map((e) => e.EventTime);
    const windows: Filters[] = [
      { startTime: new Date(times[Math.floor(times.length * 0.7)] as number).toISOString() },
      { endTime: new Date(times[Math.floor(times.length * 0.3)] as number).toISOString() },
      {
        startTime: new Date(times[Math.floor(times.length * 0.6)] as number).toISOString(),
        endTime: new Date(times[Math.floor(times.length * 0.4)] as number).toISOString(),
      },
    ];
    for (const filters of windows) {
      const expected = expectedIds(fleet, filters);
      expect(expected.length).toBeGreaterThan(0);
      for (const size of [1, 5, 50]) {
        if (size === 1 && expected.length > 60) continue;
        const { ids, pages } = await walkForward(idOf(fleet), size, filters);
        expect(ids).toEqual(expected);
        expect(pages.at(-1)?.edges.length).toBeGreaterThan(0);
      }
      expect(await walkBackward(idOf(fleet), 7, filters)).toEqual(expected);
    }
  });

  it('filters by event code in the gateway and still fills pages', async () => {
    const fleet = largest();
    const counts = new Map<string, number>();
    for (const e of fleet.events) counts.set(e.EventCode, (counts.get(e.EventCode) ?? 0) + 1);
    const rare = [...counts].filter(([code]) => knownEventCodes.includes(code)).sort((a, b) => a[1] - b[1]);
    const codes = rare.slice(0, 2).map(([code]) => code) as FleetEventCode[];
    const filters = { eventCodes: codes };
    const { ids, pages } = await walkForward(idOf(fleet), 10, filters);
    expect(ids).toEqual(expectedIds(fleet, filters));
    expect(pages.slice(0, -1).every((p) => p.edges.length === 10)).toBe(true);
  });

  it('serves an event code newer than the gateway as UNKNOWN with its raw code', async () => {
    const fleet = fleetsOf().find((f) => f.events.some((e) => !knownEventCodes.includes(e.EventCode)));
    if (!fleet) throw new Error('the seed has no event with a future code');
    const { pages } = await walkForward(idOf(fleet), 100);
    const served = pages.flatMap((p) => p.edges.map((e) => e.node));
    const future = served.filter((e) => !knownEventCodes.includes(e.rawEventCode));
    expect(future.length).toBeGreaterThan(0);
    expect(future.every((e) => e.eventCode === 'UNKNOWN')).toBe(true);
    const onlyUnknown = await walkForward(idOf(fleet), 10, { eventCodes: ['UNKNOWN'] });
    expect(onlyUnknown.ids).toEqual(future.map((e) => e.eventId));
  });

  it('refetches an event by its global id, with a freshly minted log URL', async () => {
    const fleet = seedFleet(FLEETS.failedCreation);
    const page = await events({ fleetId: idOf(fleet), first: 100 });
    const withLog = page.edges.map((e) => e.node).find((e) => e.preSignedLogUrl);
    if (!withLog) throw new Error('no event with a log in the first page');
    stack.sim.resetStats();
    const response = await stack.query(NodeDocument, { id: withLog.id });
    expect(response.errors).toBeUndefined();
    // Asked of GameLift again, by the fleet and timestamp the id encodes; `fleet { fleetId }` needs no call.
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 1 });
    const node = response.data?.node;
    if (node?.__typename !== 'FleetEvent') throw new Error('node is not a FleetEvent');
    expect(node).toMatchObject({ eventId: withLog.eventId, eventTime: withLog.eventTime, fleet: { fleetId: idOf(fleet) } });
    expect(node.preSignedLogUrl).toMatch(/X-Amz-Signature=/);
  });

  it('fetches sibling events connections concurrently', async () => {
    const fleetIds = fleetsOf().slice(0, 20).map(idOf);
    const selections = fleetIds
      .map((id, i) => `f${i}: fleet(fleetId: "${id}") { events(first: 5) { edges { node { eventId } } } }`)
      .join('\n');
    stack.sim.setFaults({ latencyMs: 30 });
    stack.sim.resetStats();
    try {
      const response = await stack.raw({ query: `{ ${selections} }` });
      expect(response.errors).toBeUndefined();
    } finally {
      stack.sim.setFaults({ latencyMs: 0 });
    }
    const stats = stack.sim.stats();
    expect(stats.calls.DescribeFleetEvents).toBe(20);
    // Only events are selected: the fleets' attributes are not asked for.
    expect(stats.calls.DescribeFleetAttributes).toBeUndefined();
    expect(stats.peakInFlight).toBeGreaterThanOrEqual(10);
  });
});
