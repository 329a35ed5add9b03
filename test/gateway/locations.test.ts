/**
 * Fleet.locations: the home Region and the remote locations of multi-location fleets, with their
 * capacity and utilization, equal to what the simulator holds, and the calls they cost.
 */
import { describe, expect, it } from 'vitest';
import { FLEETS, startSimulator, type SeedFleet } from '../../src/simulator/index.js';
import { stackForFile, withStack } from '../support/stack.js';

const LOCATIONS = `query L($id: String!, $statuses: [FleetStatus!]) {
  fleet(fleetId: $id) {
    locations(statuses: $statuses) {
      location home status rawStatus stoppedActions updateStatus
      capacity { location desired minimum maximum pending active idle terminating }
      utilization { location activeServerProcesses activeGameSessions currentPlayerSessions maximumPlayerSessions }
    }
  }
}`;

interface Location {
  readonly location: string;
  readonly home: boolean;
  readonly status: string | null;
}

const capacityOf = (record: SeedFleet['capacity']) =>
  record && {
    location: record.Location,
    desired: record.InstanceCounts.DESIRED,
    minimum: record.InstanceCounts.MINIMUM,
    maximum: record.InstanceCounts.MAXIMUM,
    pending: record.InstanceCounts.PENDING,
    active: record.InstanceCounts.ACTIVE,
    idle: record.InstanceCounts.IDLE,
    terminating: record.InstanceCounts.TERMINATING,
  };
const utilizationOf = (record: SeedFleet['utilization']) =>
  record && {
    location: record.Location,
    activeServerProcesses: record.ActiveServerProcessCount,
    activeGameSessions: record.ActiveGameSessionCount,
    currentPlayerSessions: record.CurrentPlayerSessionCount,
    maximumPlayerSessions: record.MaximumPlayerSessionCount,
  };

describe('Fleet.locations', () => {
  const stack = stackForFile();
  const multi = () => stack.sim.data.fleets.filter((fleet) => fleet.locations?.length);

  it('lists the home Region first, then every remote location, each with the capacity and utilization the simulator holds', async () => {
    expect(multi().length).toBeGreaterThan(0);
    for (const fleet of multi()) {
      const response = await stack.raw({ query: LOCATIONS, variables: { id: fleet.attributes.FleetId } });
      expect(response.errors).toBeUndefined();
      const home = {
        location: 'us-west-2',
        home: true,
        status: fleet.attributes.Status,
        rawStatus: fleet.attributes.Status,
        stoppedActions: [...(fleet.attributes.StoppedActions ?? [])],
        updateStatus: null,
        capacity: capacityOf(fleet.capacity),
        utilization: utilizationOf(fleet.utilization),
      };
      const remote = (fleet.locations ?? []).map((location) => ({
        location: location.Location,
        home: false,
        status: location.Status,
        rawStatus: location.Status,
        stoppedActions: [...(location.StoppedActions ?? [])],
        updateStatus: null,
        capacity: capacityOf(location.capacity),
        utilization: utilizationOf(location.utilization),
      }));
      expect((response.data as { fleet: { locations: unknown[] } }).fleet.locations).toEqual([home, ...remote]);
    }
    // Some ACTIVE, one ERROR, one ACTIVATING.
    expect(new Set(multi()[0]?.locations?.map((location) => location.Status))).toEqual(new Set(['ACTIVE', 'ERROR', 'ACTIVATING']));
  });

  it('filters by status, and the fleet log holds the LOCATION_STATE_* events that brought each location there', async () => {
    const fleet = multi()[0] as SeedFleet;
    const failing = await stack.raw({ query: LOCATIONS, variables: { id: fleet.attributes.FleetId, statuses: ['ERROR'] } });
    const failed = (failing.data as { fleet: { locations: Location[] } }).fleet.locations;
    expect(failed.map((location) => location.location)).toEqual(fleet.locations?.filter((l) => l.Status === 'ERROR').map((l) => l.Location));
    const events = await stack.raw({
      query: `{ fleet(fleetId: "${fleet.attributes.FleetId}") { events(first: 100, eventCodes: [LOCATION_STATE_ACTIVE, LOCATION_STATE_ERROR, LOCATION_STATE_ACTIVATING, LOCATION_STATE_CREATED, LOCATION_STATE_CREATING, LOCATION_STATE_PENDING]) { edges { node { eventCode message } } } } }`,
    });
    const log = (events.data as { fleet: { events: { edges: { node: { eventCode: string; message: string } }[] } } }).fleet.events.edges.map((edge) => edge.node);
    for (const location of fleet.locations ?? []) {
      const newest = log.find((event) => event.message.includes(`Location ${location.Location} `));
      expect(newest?.eventCode, location.Location).toBe(`LOCATION_STATE_${location.Status}`);
    }
  });

  it('gives a fleet without remote locations its home location alone, and costs what the README states', async () => {
    const single = await stack.raw({ query: `{ fleet(fleetId: "${FLEETS.sparse}") { locations { location home status } } }` });
    expect(single.data).toEqual({ fleet: { locations: [{ location: 'us-west-2', home: true, status: 'ACTIVE' }] } });
    stack.sim.resetStats();
    const page = await stack.raw({ query: '{ fleets(first: 50) { edges { node { locations { status } } } } }' });
    expect(page.errors).toBeUndefined();
    // README, "What a query costs": 1 ListFleets + 1 batched DescribeFleetAttributes + 1 DescribeFleetLocationAttributes per fleet.
    expect(stack.sim.stats().calls).toEqual({ ListFleets: 1, DescribeFleetAttributes: 1, DescribeFleetLocationAttributes: 50 });
    const unknown = await stack.raw({ query: '{ fleet(fleetId: "fleet-00000000-0000-4000-8000-00000000dead") { fleetId locations { location } } }' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});

describe('Fleet.locations at the default budget', () => {
  it('estimates a page of 50 fleets with their locations at 52 calls, past the 50 the budget starts in time, and serves 48', async () => {
    await withStack({ env: { GAMELIFT_MAX_RPS: '10', GAMELIFT_QUEUE_TIMEOUT_MS: '5000' } }, async (stack) => {
      const page = (first: number) => stack.raw({ query: `{ fleets(first: ${first}) { edges { node { locations { status } } } } }` });
      const refused = await page(50);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', gameliftCalls: 52, limit: 50 });
      stack.sim.resetStats();
      const served = await page(48);
      expect(served.errors).toBeUndefined();
      expect(stack.sim.stats().calls).toEqual({ ListFleets: 1, DescribeFleetAttributes: 1, DescribeFleetLocationAttributes: 48 });
    });
  }, 30_000);
});

describe('Fleet.locations in a Region without multi-location fleets', () => {
  it('builds the home location from what is known, and stops asking once GameLift said so', async () => {
    const sim = await startSimulator({ regions: ['us-west-2', 'cn-north-1'] });
    try {
      await withStack({ sharedSimulator: sim, env: { GAMELIFT_REGIONS: 'us-west-2,cn-north-1' } }, async (stack) => {
        const [first, second] = sim.regionFleets('cn-north-1');
        const ask = (fleet: SeedFleet | undefined) =>
          stack.raw({ query: `{ fleet(fleetId: "${fleet?.attributes.FleetArn}") { locations { location home status capacity { desired } } } }` });
        sim.resetStats();
        const answer = await ask(first);
        expect(answer.data).toEqual({
          fleet: { locations: [{ location: 'cn-north-1', home: true, status: first?.attributes.Status, capacity: { desired: first?.capacity?.InstanceCounts.DESIRED } }] },
        });
        expect(sim.calls().filter((call) => call.operation === 'DescribeFleetLocationAttributes')).toHaveLength(1);
        sim.resetStats();
        await ask(second);
        expect(sim.calls().map((call) => call.operation).sort()).toEqual(['DescribeFleetAttributes', 'DescribeFleetCapacity']);
      });
    } finally {
      await sim.close();
    }
  });
});
