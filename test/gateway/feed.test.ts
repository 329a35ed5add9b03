import { describe, expect, it } from 'vitest';
import { knownEventCodes } from '../../src/gamelift/enums.js';
import { FLEETS, seedFleet, type SeedEvent } from '../../src/simulator/index.js';
import {
  EventFeedDocument,
  FleetEventsDocument,
  type EventFeedQuery,
  type EventFeedQueryVariables,
  type FleetEventCode,
} from '../generated/operations.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

type Feed = EventFeedQuery['events'];
type Filters = Pick<EventFeedQueryVariables, 'startTime' | 'endTime' | 'eventCodes'>;

/** An event of a fleet, where the feed's order needs it: its time, fleet and place in the fleet's log. */
interface Placed {
  readonly eventId: string;
  readonly fleetId: string;
  readonly time: number;
  readonly code: string;
  readonly index: number;
}

async function feed(variables: EventFeedQueryVariables): Promise<Feed> {
  const response = await stack.query(EventFeedDocument, variables);
  expect(response.errors).toBeUndefined();
  if (!response.data) throw new Error('no data');
  return response.data.events;
}

const upstreamCalls = () => stack.sim.stats().calls.DescribeFleetEvents ?? 0;

/** Follows endCursor until hasNextPage is false, as a client would, measuring each page's upstream calls. */
async function walk(fleetIds: readonly string[], first: number, filters: Filters = {}) {
  const pages: { page: Feed; calls: number }[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 2_000; guard++) {
    stack.sim.resetStats();
    const page: Feed = await feed({ fleetIds: [...fleetIds], first, after, ...filters });
    pages.push({ page, calls: upstreamCalls() });
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  const edges = pages.flatMap(({ page }) => page.edges);
  return { pages, edges, ids: edges.map((edge) => edge.node.eventId) };
}

/** The seeded log of a fleet, newest first, as GameLift serves it. */
const seeded = (fleetId: string): Placed[] =>
  seedFleet(fleetId).events.map((event: SeedEvent, index) => ({
    eventId: event.EventId,
    fleetId,
    time: event.EventTime,
    code: event.EventCode,
    index,
  }));

/** The feed order, computed here from the logs: time descending, fleet id ascending, then each fleet's order. */
function merged(logs: readonly (readonly Placed[])[], filters: Filters = {}): string[] {
  const start = filters.startTime ? Date.parse(filters.startTime) : -Infinity;
  const end = filters.endTime ? Date.parse(filters.endTime) : Infinity;
  const codes = filters.eventCodes ? new Set<string>(filters.eventCodes) : null;
  const code = (raw: string) => (knownEventCodes.includes(raw) ? raw : 'UNKNOWN');
  return logs
    .flat()
    .filter((event) => event.time >= start && event.time <= end && (!codes || codes.has(code(event.code))))
    .sort((a, b) => b.time - a.time || (a.fleetId < b.fleetId ? -1 : a.fleetId > b.fleetId ? 1 : a.index - b.index))
    .map((event) => event.eventId);
}

const distinctFleets = (page: Feed) => new Set(page.edges.map((edge) => edge.node.fleet?.fleetId)).size;

/** The bound the feed promises: a page reads only fleets it takes events from; the first reads each fleet once. */
function expectCallBound(pages: readonly { page: Feed; calls: number }[], fleets: number) {
  for (const [i, { page, calls }] of pages.entries()) {
    if (i === 0) expect(calls).toBeLessThanOrEqual(fleets);
    else expect(calls, `page ${i + 1}`).toBeLessThanOrEqual(distinctFleets(page));
  }
}

const SMALL = [FLEETS.pageBoundary50, FLEETS.justCreated, FLEETS.empty, FLEETS.failedCreation, FLEETS.pageBoundary20];
const SPOT_MIX = [FLEETS.spot, FLEETS.pageBoundary20, FLEETS.empty, FLEETS.failedCreation, FLEETS.futureCodes];
const BIG_MIX = [FLEETS.bigActive, FLEETS.spot, FLEETS.sparse, FLEETS.pageBoundary, FLEETS.empty];

describe('Query.events: one feed across fleets', () => {
  it('walks fleet sets at page sizes 1, 7, 20 and 100 to the merge computed from the seed, within the call bound', async () => {
    const cases: [readonly string[], readonly number[]][] = [
      [SMALL, [1, 7, 20, 100]],
      [SPOT_MIX, [7, 20, 100]],
      [BIG_MIX, [20, 100]],
    ];
    for (const [fleetIds, sizes] of cases) {
      const expected = merged(fleetIds.map(seeded));
      for (const first of sizes) {
        const { pages, ids } = await walk(fleetIds, first);
        expect(ids, `${fleetIds.length} fleets, pages of ${first}`).toEqual(expected);
        expect(pages.length).toBe(Math.max(1, Math.ceil(expected.length / first)));
        expectCallBound(pages, fleetIds.length);
      }
    }
  });

  it('resumes after every edge cursor exactly at the next edge, inside INSTANCE_INTERRUPTED bursts too', async () => {
    const fleetIds = [FLEETS.spot, FLEETS.pageBoundary20, FLEETS.failedCreation, FLEETS.justCreated, FLEETS.empty];
    const expected = merged(fleetIds.map(seeded));
    const { edges } = await walk(fleetIds, 9);
    expect(edges.map((edge) => edge.node.eventId)).toEqual(expected);
    for (const [i, edge] of edges.entries()) {
      const next = await feed({ fleetIds, first: 3, after: edge.cursor });
      expect(next.edges.map((e) => e.node.eventId), `after edge ${i}`).toEqual(expected.slice(i + 1, i + 4));
      expect(next.pageInfo.hasNextPage).toBe(i + 4 < expected.length);
      expect(next.pageInfo.hasPreviousPage).toBe(true);
    }
  });

  it('orders events that share a millisecond across fleets by fleet id, then in each fleet’s own order', async () => {
    const created = [0, 1, 2, 3].map(() => stack.sim.createFleet({ phaseMs: 3_600_000 }).fleetId);
    const tie = Date.now() - 60_000;
    for (const [i, fleetId] of created.entries()) {
      stack.sim.appendEvents(fleetId, [
        { eventCode: 'INSTANCE_INTERRUPTED', eventTime: tie - 5 },
        ...Array.from({ length: 3 + i }, () => ({ eventCode: 'INSTANCE_INTERRUPTED', eventTime: tie })),
        { eventCode: 'FLEET_SCALING_EVENT', eventTime: tie + 1 + i },
      ]);
    }
    // Each fleet's own order, as its log (Fleet.events, tested on its own) serves it.
    const logs = await Promise.all(
      created.map(async (fleetId) => {
        const response = await stack.query(FleetEventsDocument, { fleetId, first: 100 });
        const edges = response.data?.fleet?.events.edges ?? [];
        return edges.map(({ node }, index) => ({
          eventId: node.eventId,
          fleetId,
          time: Date.parse(node.eventTime),
          code: node.rawEventCode,
          index,
        }));
      }),
    );
    const expected = merged(logs);
    for (const first of [1, 4, 100]) {
      const { ids, edges } = await walk(created, first);
      expect(ids).toEqual(expected);
      const onTie = edges.filter((edge) => Date.parse(edge.node.eventTime) === tie).map((edge) => edge.node.fleet?.fleetId ?? '');
      expect(onTie).toHaveLength(3 + 4 + 5 + 6);
      expect(onTie).toEqual([...onTie].sort());
    }
  });

  it('treats fleetIds as a set: order, repeats and ARNs give identical pages and cursors', async () => {
    const ordered = [FLEETS.spot, FLEETS.failedCreation, FLEETS.pageBoundary20];
    const arn = seedFleet(FLEETS.spot).attributes.FleetArn as string;
    const variants = [
      ordered,
      [...ordered].reverse(),
      [FLEETS.pageBoundary20, FLEETS.spot, FLEETS.failedCreation, FLEETS.spot],
      [arn, FLEETS.failedCreation, FLEETS.pageBoundary20, FLEETS.failedCreation],
    ];
    const first = await feed({ fleetIds: ordered, first: 25 });
    for (const fleetIds of variants) {
      const page = await feed({ fleetIds, first: 25 });
      expect(page).toEqual(first);
      const next = await feed({ fleetIds, first: 25, after: first.pageInfo.endCursor });
      expect(next).toEqual(await feed({ fleetIds: ordered, first: 25, after: first.pageInfo.endCursor }));
    }
  });

  it('filters by time window (across empty upstream pages) and by event code, to the filtered merge', async () => {
    const fleetIds = [FLEETS.sparse, FLEETS.spot, FLEETS.pageBoundary, FLEETS.futureCodes, FLEETS.empty];
    const times = seeded(FLEETS.sparse).map((event) => event.time);
    const at = (share: number) => new Date(times[Math.floor(times.length * share)] as number).toISOString();
    const filterSets: Filters[] = [
      { startTime: at(0.6) },
      { endTime: at(0.3) },
      { startTime: at(0.7), endTime: at(0.2) },
      { eventCodes: ['INSTANCE_INTERRUPTED', 'FLEET_SCALING_EVENT'] },
      { eventCodes: ['UNKNOWN'] },
      { eventCodes: ['INSTANCE_INTERRUPTED'], startTime: at(0.9) },
    ];
    for (const filters of filterSets) {
      const expected = merged(fleetIds.map(seeded), filters);
      expect(expected.length, JSON.stringify(filters)).toBeGreaterThan(0);
      for (const first of [7, 50]) {
        const { ids, pages } = await walk(fleetIds, first, filters);
        expect(ids, JSON.stringify(filters)).toEqual(expected);
        expect(pages.slice(0, -1).every(({ page }) => page.edges.length === first)).toBe(true);
      }
    }
    const codes: FleetEventCode[] = ['FLEET_STATE_ACTIVE'];
    expect(merged(BIG_MIX.map(seeded), { eventCodes: codes })).toEqual((await walk(BIG_MIX, 3, { eventCodes: codes })).ids);
  });

  it('refuses cursors of another fleet set, other filters or another connection, and malformed ones', async () => {
    const fleetIds = [FLEETS.spot, FLEETS.failedCreation];
    const cursor = (await feed({ fleetIds, first: 5 })).pageInfo.endCursor as string;
    const eventsCursor = (await stack.query(FleetEventsDocument, { fleetId: FLEETS.spot, first: 5 })).data?.fleet?.events.pageInfo.endCursor;
    const refused: [string, EventFeedQueryVariables, RegExp][] = [
      ['another fleet set', { fleetIds: [FLEETS.spot], first: 5, after: cursor }, /different connection/],
      ['a larger fleet set', { fleetIds: [...fleetIds, FLEETS.empty], first: 5, after: cursor }, /different connection/],
      ['another time window', { fleetIds, first: 5, after: cursor, startTime: '2020-01-01T00:00:00Z' }, /different connection/],
      ['an event code filter', { fleetIds, first: 5, after: cursor, eventCodes: ['INSTANCE_INTERRUPTED'] }, /different connection/],
      ['a Fleet.events cursor', { fleetIds, first: 5, after: eventsCursor }, /different connection/],
      ['an empty cursor', { fleetIds, first: 5, after: '' }, /not a valid cursor/],
      ['garbage', { fleetIds, first: 5, after: 'garbage!' }, /not a valid cursor/],
      ['a truncated cursor', { fleetIds, first: 5, after: cursor.slice(0, -7) }, /not a valid cursor/],
      ['a forged fleet rank', { fleetIds, first: 5, after: forgeRank(cursor, 7) }, /not a valid cursor/],
    ];
    for (const [name, variables, message] of refused) {
      stack.sim.resetStats();
      const response = await stack.query(EventFeedDocument, variables);
      expect(response.errors?.[0]?.extensions?.code, name).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message, name).toMatch(message);
      expect(upstreamCalls(), name).toBe(0);
    }
  });

  it('refuses an empty fleet list, a malformed id and more than 50 distinct fleets, before calling GameLift', async () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => `fleet-${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
    const cases: [string[], RegExp][] = [
      [[], /at least one fleet/],
      [[FLEETS.spot, 'not-a-fleet'], /not a fleet id or ARN/],
      [many(51), /51 distinct fleets; the feed takes at most 50/],
    ];
    for (const [fleetIds, message] of cases) {
      stack.sim.resetStats();
      const response = await stack.query(EventFeedDocument, { fleetIds, first: 5 });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(message);
      expect(upstreamCalls()).toBe(0);
    }
    // 50 distinct fleets, however often repeated, are accepted (unknown ones are only left out).
    const response = await stack.query(EventFeedDocument, { fleetIds: [...many(49), FLEETS.spot, FLEETS.spot, ...many(10)], first: 5 });
    expect(response.errors).toBeUndefined();
    expect(response.data?.events.edges.map((edge) => edge.node.eventId)).toEqual(merged([seeded(FLEETS.spot)]).slice(0, 5));
  });

  it('leaves out a fleet GameLift does not know, with a FLEET_NOT_FOUND warning, and serves the others', async () => {
    const unknown = 'fleet-00000000-dead-4000-8000-000000000000';
    const fleetIds = [FLEETS.failedCreation, unknown, FLEETS.justCreated];
    const response = await stack.raw({
      query: 'query($ids: [ID!]!) { events(fleetIds: $ids, first: 100) { edges { node { eventId } } pageInfo { hasNextPage } } }',
      variables: { ids: fleetIds },
    });
    expect(response.errors).toBeUndefined();
    const page = (response.data as { events: { edges: { node: { eventId: string } }[] } }).events;
    expect(page.edges.map((edge) => edge.node.eventId)).toEqual(merged([seeded(FLEETS.failedCreation), seeded(FLEETS.justCreated)]));
    const warnings = (response as { extensions?: { warnings?: unknown[] } }).extensions?.warnings;
    expect(warnings).toEqual([expect.objectContaining({ code: 'FLEET_NOT_FOUND', fleetId: unknown, path: ['events'] })]);
  });

  it('reads the fleets of the first page concurrently, and records the upstream calls of whole walks', async () => {
    const ten = [...stack.sim.data.fleets]
      .filter((fleet) => fleet.events.length >= 20 && fleet.events.length <= 80)
      .slice(0, 10)
      .map((fleet) => fleet.attributes.FleetId);
    expect(ten).toHaveLength(10);
    stack.sim.setFaults({ latencyMs: 30 });
    try {
      stack.sim.resetStats();
      await feed({ fleetIds: ten, first: 20 });
      expect(stack.sim.stats().peakInFlight).toBe(10);
    } finally {
      stack.sim.setFaults({ latencyMs: 0 });
    }
    const fifty = stack.sim.data.fleets.filter((fleet) => fleet.events.length > 0).slice(0, 50).map((fleet) => fleet.attributes.FleetId);
    const crashes: Filters = { eventCodes: ['SERVER_PROCESS_CRASHED', 'INSTANCE_INTERRUPTED'] };
    const figures: string[] = [];
    for (const [label, fleetIds, first, filters] of [
      ['10 fleets', ten, 20, {}],
      ['10 fleets', ten, 100, {}],
      ['bigActive + spot + sparse + pageBoundary + empty', BIG_MIX, 20, {}],
      ['bigActive + spot + sparse + pageBoundary + empty', BIG_MIX, 100, {}],
      ['50 fleets', fifty, 100, {}],
      ['the same 5 fleets, crashes and interruptions only', BIG_MIX, 20, crashes],
    ] as const) {
      const expected = merged(fleetIds.map(seeded), filters);
      const { pages, ids, edges } = await walk(fleetIds, first, filters);
      expect(ids).toEqual(expected);
      // A gateway-side filter may read a fleet before knowing it has nothing for the page: no bound.
      if (filters === crashes) expect(pages[0]?.calls).toBeGreaterThanOrEqual(fleetIds.length);
      else expectCallBound(pages, fleetIds.length);
      const calls = pages.reduce((sum, { calls: n }) => sum + n, 0);
      const contributing = pages.reduce((sum, { page }) => sum + distinctFleets(page), 0);
      const longest = Math.max(...edges.map((edge) => edge.cursor.length));
      figures.push(
        `${label}, pages of ${first}: ${ids.length} events, ${pages.length} pages, ${calls} DescribeFleetEvents calls ` +
          `(${pages[0]?.calls} on the first page; pages' contributing fleets add up to ${contributing}); cursors up to ${longest} characters`,
      );
    }
    console.info(`Upstream calls of whole walks:\n${figures.join('\n')}`);
  });
});

/** The cursor with its first fleet's rank replaced: it then names a fleet outside the set. */
function forgeRank(cursor: string, rank: number): string {
  const payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
  const lane = payload[3] as unknown[];
  lane[0] = rank;
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}
