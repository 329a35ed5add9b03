/**
 * calls: the GameLift calls and log reads one query of each shape costs, as the simulator
 * counted them, next to the fewest that would return the same data.
 */
import { FLEETS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { graphql } from '../lib/graphql.js';
import { stop } from '../lib/processes.js';
import { table } from '../lib/report.js';
import { startGateway } from '../lib/servers.js';
import { progress, SIMULATED_LATENCY_MS, UNLIMITED_RPS, type Settings } from '../lib/settings.js';

type Calls = Readonly<Record<string, number>>;

interface Shape {
  readonly name: string;
  /** The query to count; may ask the gateway for what it needs first (an id, a cursor). */
  readonly query: (url: string) => Promise<string>;
  readonly minimum: Calls;
  readonly minimumLogReads?: number;
  /** Why the count or the minimum is what it is, when that is not obvious. */
  readonly note?: string;
}

const BIG = FLEETS.bigActive;
const EVENT_FIELDS = 'edges { node { eventId eventCode eventTime } }';
const constant = (query: string) => async () => query;

/** Ten seeded fleets with events, for the cross-fleet feed. */
const TEN_FLEETS = [FLEETS.bigActive, FLEETS.failedCreation, FLEETS.sparse, FLEETS.pageBoundary, FLEETS.pageBoundary50, FLEETS.pageBoundary20, FLEETS.futureCodes, FLEETS.spot, FLEETS.justCreated, FLEETS.terminated];

async function eventGlobalId(url: string): Promise<string> {
  const data = await graphql<{ fleet: { events: { edges: { node: { id: string } }[] } } }>(
    url,
    `{ fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 1) { edges { node { id } } } } }`,
  );
  const id = data.fleet.events.edges[0]?.node.id;
  if (!id) throw new Error(`${FLEETS.failedCreation} has no events`);
  return id;
}

/** The endCursor after `depth` events, walked 100 at a time (not counted: stats are reset after). */
async function cursorAt(url: string, depth: number): Promise<string> {
  let after: string | null = null;
  for (let walked = 0; walked < depth; walked += 100) {
    const page: { fleet: { events: { pageInfo: { endCursor: string } } } } = await graphql(
      url,
      `query($after: String) { fleet(fleetId: "${BIG}") { events(first: 100, after: $after) { pageInfo { endCursor } } } }`,
      { after },
    );
    after = page.fleet.events.pageInfo.endCursor;
  }
  if (after === null) throw new Error('no cursor');
  return after;
}

const SHAPES: readonly Shape[] = [
  {
    name: 'fleet { events(first: 20) }',
    query: constant(`{ fleet(fleetId: "${BIG}") { events(first: 20) { ${EVENT_FIELDS} } } }`),
    minimum: { DescribeFleetEvents: 1 },
    note: 'DescribeFleetEvents answers NotFoundException for an unknown fleet, so no existence check is needed.',
  },
  {
    name: 'fleet { name }',
    query: constant(`{ fleet(fleetId: "${BIG}") { name } }`),
    minimum: { DescribeFleetAttributes: 1 },
  },
  {
    name: 'fleet { name events(first: 20) }',
    query: constant(`{ fleet(fleetId: "${BIG}") { name events(first: 20) { ${EVENT_FIELDS} } } }`),
    minimum: { DescribeFleetAttributes: 1, DescribeFleetEvents: 1 },
  },
  {
    name: 'fleets(first: 20) { fleetId }',
    query: constant('{ fleets(first: 20) { edges { node { fleetId } } } }'),
    minimum: { ListFleets: 1 },
  },
  {
    name: 'fleets(first: 20) { name }',
    query: constant('{ fleets(first: 20) { edges { node { fleetId name } } } }'),
    minimum: { ListFleets: 1, DescribeFleetAttributes: 1 },
    note: 'DescribeFleetAttributes without FleetIds pages over the same list, so 1 call could do; the gateway pages over ListFleets so that cursors and filters (buildId, scriptId) follow it.',
  },
  {
    name: 'fleets(first: 20) { events(first: 5) }',
    query: constant(`{ fleets(first: 20) { edges { node { fleetId events(first: 5) { ${EVENT_FIELDS} } } } } }`),
    minimum: { ListFleets: 1, DescribeFleetEvents: 20 },
    note: 'DescribeFleetEvents takes one fleet per call.',
  },
  {
    name: 'fleets(first: 50) { capacity utilization }',
    query: constant(
      '{ fleets(first: 50) { edges { node { fleetId capacity { desired active idle } utilization { activeGameSessions currentPlayerSessions } } } } }',
    ),
    minimum: { ListFleets: 1, DescribeFleetCapacity: 1, DescribeFleetUtilization: 1 },
    note: 'Capacity and utilization batch up to 50 fleet ids per call.',
  },
  {
    name: 'node(id: a FleetEvent)',
    query: async (url) => `{ node(id: "${await eventGlobalId(url)}") { ... on FleetEvent { eventCode eventTime message } } }`,
    minimum: { DescribeFleetEvents: 1 },
    note: "One time-filtered DescribeFleetEvents around the event's time finds it again.",
  },
  {
    name: `fleet { creationTimeline diagnosis { logTail } } of the failed fleet`,
    query: constant(
      `{ fleet(fleetId: "${FLEETS.failedCreation}") { creationTimeline { outcome phases { state durationSeconds } } diagnosis { phase failureEvent { eventCode } logTail(lines: 20) } } }`,
    ),
    minimum: { DescribeFleetAttributes: 1, DescribeFleetEvents: 1 },
    minimumLogReads: 1,
    note: "CreationTime, then the events of the creation window, then the failure event's log.",
  },
  {
    name: 'fleet { events(first: 20, after: a cursor 3,000 events deep) }',
    query: async (url) => `{ fleet(fleetId: "${BIG}") { events(first: 20, after: "${await cursorAt(url, 3000)}") { ${EVENT_FIELDS} } } }`,
    minimum: { DescribeFleetEvents: 1 },
    note:
      "A client holding GameLift's NextToken needs 1. The gateway's cursor names the upstream page it lies in and re-reads " +
      'it to resume (and check the event is still there); this cursor is the last event of its page, so the 20 come from the next: 2, at any depth.',
  },
  {
    name: 'events(fleetIds: [10 fleets], first: 20)',
    query: constant(`{ events(fleetIds: ${JSON.stringify(TEN_FLEETS)}, first: 20) { ${EVENT_FIELDS} } }`),
    minimum: { DescribeFleetEvents: 10 },
    note: "The first page of a merged feed needs each fleet's newest events.",
  },
];

const total = (calls: Calls) => Object.values(calls).reduce((sum, n) => sum + n, 0);
const describe = (calls: Calls) =>
  `${total(calls)}: ${Object.entries(calls).map(([operation, n]) => `${operation} ${n}`).join(', ') || 'none'}`;

async function measure(sim: Simulator, url: string, shape: Shape): Promise<string[]> {
  const query = await shape.query(url);
  sim.resetStats();
  await graphql(url, query);
  const { calls, logRequests } = sim.stats();
  const minimum = `${describe(shape.minimum)}${shape.minimumLogReads ? ` + ${shape.minimumLogReads} log read` : ''}`;
  const verdict = total(calls) <= total(shape.minimum) ? 'minimum' : `+${total(calls) - total(shape.minimum)}`;
  return [shape.name, describe(calls), String(logRequests), minimum, verdict, shape.note ?? ''];
}

export async function callsScenario(_settings: Settings): Promise<string> {
  const sim = await startSimulator({ faults: { latencyMs: SIMULATED_LATENCY_MS } });
  const gateway = await startGateway(sim, {
    // Cold for every shape: no answer cached by an earlier shape may hide a call. Coalescing stays
    // on: it only merges calls in flight at once, within the one query.
    CACHE_TTL_FLEETS_MS: '0',
    CACHE_TTL_NEWEST_EVENTS_MS: '0',
    CACHE_TTL_OLDER_EVENTS_MS: '0',
    GAMELIFT_MAX_RPS: UNLIMITED_RPS,
    LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
  });
  try {
    const rows: string[][] = [];
    for (const shape of SHAPES) {
      progress(`calls: ${shape.name}`);
      rows.push(await measure(sim, gateway.url, shape));
    }
    return [
      '## calls: GameLift calls per query shape',
      '',
      "One query of each shape, counted by the simulator (`sim.stats()`), with the gateway's caches off " +
        '(`CACHE_TTL_*_MS=0`) so that every shape starts cold; coalescing stays on, as it merges only calls in flight ' +
        'at the same time. The minimum is the fewest GameLift calls and log reads that return the same data.',
      '',
      table(['shape', 'GameLift calls (by operation)', 'log reads', 'minimum', 'vs minimum', 'why'], rows, [
        'left', 'left', 'right', 'left', 'right', 'left',
      ]),
    ].join('\n');
  } finally {
    await stop(gateway.child);
    await sim.close();
  }
}
