import { describe, expect, it } from 'vitest';
import { knownFleetStatuses } from '../../src/gamelift/enums.js';
import type { SeedFleet } from '../../src/simulator/index.js';
import { FleetDocument, FleetsDocument, NodeDocument, NodesDocument, type FleetsQuery, type FleetsQueryVariables } from '../generated/operations.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

type Connection = FleetsQuery['fleets'];
const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

async function fleets(variables: FleetsQueryVariables): Promise<Connection> {
  const response = await stack.query(FleetsDocument, variables);
  expect(response.errors).toBeUndefined();
  return response.data?.fleets as Connection;
}

async function walk(first: number, filters: { buildId?: string; scriptId?: string } = {}) {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: Connection = await fleets({ first, after, ...filters });
    ids.push(...page.edges.map((e) => e.node.fleetId));
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}

const seedIds = () => stack.sim.data.fleets.map((f) => f.attributes.FleetId);

describe('fleets over ListFleets + DescribeFleetAttributes', () => {
  it('walks every fleet exactly once at several page sizes', async () => {
    for (const size of [7, 50, 100]) {
      const ids = await walk(size);
      expect(ids).toHaveLength(new Set(ids).size);
      expect(new Set(ids)).toEqual(new Set(seedIds()));
    }
  });

  it('walks backward to the same fleets in the same order', async () => {
    const forward = await walk(30);
    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Connection = await fleets({ last: 30, before });
      backward.unshift(...page.edges.map((e) => e.node.fleetId));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    expect(backward).toEqual(forward);
  });

  it('serves the attributes GameLift holds', async () => {
    const byId = new Map<string, SeedFleet>(stack.sim.data.fleets.map((f) => [f.attributes.FleetId, f]));
    const page = await fleets({ first: 100 });
    for (const { node } of page.edges) {
      const seed = (byId.get(node.fleetId) as SeedFleet).attributes;
      expect(node).toMatchObject({
        fleetArn: seed.FleetArn,
        name: seed.Name ?? null,
        rawStatus: seed.Status ?? null,
        instanceType: seed.InstanceType ?? null,
        buildId: seed.BuildId ?? null,
        scriptId: seed.ScriptId ?? null,
        creationTime: iso(seed.CreationTime),
        terminationTime: iso(seed.TerminationTime),
      });
      expect(node.status).toBe(knownFleetStatuses.includes(seed.Status) ? seed.Status : 'UNKNOWN');
    }
  });

  it('filters by build', async () => {
    const counts = new Map<string, number>();
    for (const f of stack.sim.data.fleets) if (f.attributes.BuildId) counts.set(f.attributes.BuildId, (counts.get(f.attributes.BuildId) ?? 0) + 1);
    const [buildId] = [...counts].sort((a, b) => b[1] - a[1])[0] as [string, number];
    const expected = stack.sim.data.fleets.filter((f) => f.attributes.BuildId === buildId).map((f) => f.attributes.FleetId);
    expect(expected.length).toBeGreaterThan(1);
    expect(new Set(await walk(2, { buildId }))).toEqual(new Set(expected));
  });

  it('costs one ListFleets and one DescribeFleetAttributes for a page of 50 fleets', async () => {
    stack.sim.resetStats();
    const page = await fleets({ first: 50 });
    expect(page.edges).toHaveLength(50);
    expect(stack.sim.stats().calls).toEqual({ ListFleets: 1, DescribeFleetAttributes: 1 });
  });

  it('batches 50 aliased fleet lookups into one DescribeFleetAttributes call, and 51 into two', async () => {
    const ids = seedIds();
    for (const [count, calls] of [
      [50, 1],
      [51, 2],
    ] as const) {
      const query = `{ ${ids
        .slice(0, count)
        .map((id, i) => `f${i}: fleet(fleetId: "${id}") { fleetId name }`)
        .join('\n')} }`;
      stack.sim.resetStats();
      const response = await stack.raw({ query });
      expect(response.errors).toBeUndefined();
      expect(Object.values(response.data ?? {}).map((f) => (f as { fleetId: string }).fleetId)).toEqual(ids.slice(0, count));
      expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: calls });
    }
  });

  it('finds a fleet by ARN, and answers null with NOT_FOUND for an unknown fleet', async () => {
    const seed = stack.sim.data.fleets[0] as SeedFleet;
    const byArn = await stack.query(FleetDocument, { fleetId: seed.attributes.FleetArn });
    expect(byArn.data?.fleet?.fleetId).toBe(seed.attributes.FleetId);
    const unknownId = 'fleet-00000000-0000-0000-0000-000000000000';
    const unknown = await stack.query(FleetDocument, { fleetId: unknownId });
    expect(unknown).toMatchObject({ data: { fleet: null } });
    expect(unknown.errors).toMatchObject([{ path: ['fleet'], extensions: { code: 'NOT_FOUND', fleetId: unknownId } }]);
    // The same answer when only the event log is selected: GameLift's NotFoundException says so.
    stack.sim.resetStats();
    const eventsOnly = await stack.raw({ query: `{ fleet(fleetId: "${unknownId}") { events(first: 1) { edges { cursor } } } }` });
    expect(eventsOnly).toMatchObject({ data: { fleet: null } });
    expect(eventsOnly.errors).toMatchObject([{ path: ['fleet', 'events'], extensions: { code: 'NOT_FOUND', fleetId: unknownId } }]);
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetEvents: 1 });
  });

  it('refetches fleets by global id through node and nodes', async () => {
    const page = await fleets({ first: 3 });
    const ids = page.edges.map((e) => e.node.id);
    const one = await stack.query(NodeDocument, { id: ids[0] as string });
    expect(one.data?.node).toMatchObject({ __typename: 'Fleet', id: ids[0], fleetId: page.edges[0]?.node.fleetId });
    stack.sim.resetStats();
    const many = await stack.query(NodesDocument, { ids });
    expect(many.data?.nodes.map((n) => n?.id)).toEqual(ids);
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1 });
  });

  it('serves a fleet status newer than the gateway as UNKNOWN with its raw value', async () => {
    const future = stack.sim.data.fleets.find((f) => !knownFleetStatuses.includes(f.attributes.Status));
    if (!future) throw new Error('the seed has no fleet with a future status');
    const response = await stack.query(FleetDocument, { fleetId: future.attributes.FleetId });
    expect(response.errors).toBeUndefined();
    expect(response.data?.fleet).toMatchObject({ status: 'UNKNOWN', rawStatus: future.attributes.Status });
  });
});
