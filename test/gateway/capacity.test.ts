import { describe, expect, it } from 'vitest';
import { FLEETS, seedFleet, type SeedFleet } from '../../src/simulator/index.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

const CAPACITY = 'capacity { instanceType desired minimum maximum pending active idle terminating }';
const UTILIZATION = 'utilization { activeServerProcesses activeGameSessions currentPlayerSessions maximumPlayerSessions }';

interface Served {
  fleetId: string;
  capacity: Record<string, unknown> | null;
  utilization: Record<string, unknown> | null;
}

/** What the gateway must serve for a fleet: the simulator's own records, field for field. */
function expected(fleet: SeedFleet): Served {
  const counts = fleet.capacity?.InstanceCounts;
  return {
    fleetId: fleet.attributes.FleetId,
    capacity: fleet.capacity && counts
      ? {
          instanceType: fleet.capacity.InstanceType ?? null,
          desired: counts.DESIRED,
          minimum: counts.MINIMUM,
          maximum: counts.MAXIMUM,
          pending: counts.PENDING,
          active: counts.ACTIVE,
          idle: counts.IDLE,
          terminating: counts.TERMINATING,
        }
      : null,
    utilization: fleet.utilization
      ? {
          activeServerProcesses: fleet.utilization.ActiveServerProcessCount,
          activeGameSessions: fleet.utilization.ActiveGameSessionCount,
          currentPlayerSessions: fleet.utilization.CurrentPlayerSessionCount,
          maximumPlayerSessions: fleet.utilization.MaximumPlayerSessionCount,
        }
      : null,
  };
}

describe('Fleet.capacity and Fleet.utilization', () => {
  it('batch a page of 50 fleets into one DescribeFleetCapacity and one DescribeFleetUtilization', async () => {
    stack.sim.resetStats();
    const response = await stack.raw({ query: `{ fleets(first: 50) { edges { node { fleetId ${CAPACITY} ${UTILIZATION} } } } }` });
    expect(response.errors).toBeUndefined();
    expect(stack.sim.stats().calls).toEqual({ ListFleets: 1, DescribeFleetCapacity: 1, DescribeFleetUtilization: 1 });
    const served = (response.data as { fleets: { edges: { node: Served }[] } }).fleets.edges.map((edge) => edge.node);
    expect(served).toHaveLength(50);
    expect(served).toEqual(served.map((node) => expected(seedFleet(node.fleetId))));
    expect(served.some((node) => node.capacity === null)).toBe(true);
  });

  it('agree with the fleet status, and are null where GameLift has no record', async () => {
    const query = (id: string) => `{ fleet(fleetId: "${id}") { fleetId status ${CAPACITY} ${UTILIZATION} } }`;
    const active = await stack.raw({ query: query(FLEETS.bigActive) });
    const node = (active.data as { fleet: Served & { status: string } }).fleet;
    expect(node.status).toBe('ACTIVE');
    expect(node.capacity).toMatchObject({ pending: 0 });
    expect(node.capacity?.active).toBe(node.capacity?.desired);
    expect(node).toEqual({ ...expected(seedFleet(FLEETS.bigActive)), status: 'ACTIVE' });
    for (const id of [FLEETS.anywhere, FLEETS.terminated]) {
      const response = await stack.raw({ query: query(id) });
      expect(response.errors).toBeUndefined();
      expect((response.data as { fleet: Served }).fleet).toMatchObject(expected(seedFleet(id)));
    }
    expect(expected(seedFleet(FLEETS.anywhere)).capacity).toBeNull();
    expect(expected(seedFleet(FLEETS.terminated))).toMatchObject({ capacity: null, utilization: null });
  });

  it('batch across aliased fleets, by ARN too, and cost nothing when not selected', async () => {
    const fleets = stack.sim.data.fleets.slice(0, 3);
    const aliased = fleets.map((fleet, i) => `f${i}: fleet(fleetId: "${fleet.attributes.FleetArn}") { fleetId ${CAPACITY} }`).join(' ');
    stack.sim.resetStats();
    const response = await stack.raw({ query: `{ ${aliased} }` });
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetCapacity: 1 });
    expect(Object.values(response.data ?? {})).toEqual(fleets.map((fleet) => ({ fleetId: fleet.attributes.FleetId, capacity: expected(fleet).capacity })));
    stack.sim.resetStats();
    await stack.raw({ query: `{ fleets(first: 50) { edges { node { fleetId name } } } }` });
    expect(stack.sim.stats().calls).toEqual({ ListFleets: 1, DescribeFleetAttributes: 1 });
  });
});
