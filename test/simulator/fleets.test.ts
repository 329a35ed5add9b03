import {
  DescribeFleetAttributesCommand,
  InvalidRequestException,
  ListFleetsCommand,
  paginateDescribeFleetAttributes,
  paginateListFleets,
  type FleetAttributes,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { BUILDS, FLEETS, SCRIPTS, seedFleet, type SeedFleetAttributes, startSimulator } from '../../src/simulator/index.js';
import { clientFor, simulatorForFile } from './support.js';

const harness = simulatorForFile();

const allIds = () => harness.sim.data.fleets.map((fleet) => fleet.attributes.FleetId);

async function listPages(input: { BuildId?: string; ScriptId?: string }, pageSize?: number): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of paginateListFleets({ client: harness.client, ...(pageSize === undefined ? {} : { pageSize }) }, { ...input })) {
    pages.push(page.FleetIds ?? []);
  }
  return pages;
}

/** The SDK's view of seeded attributes: timestamps become Dates. */
const asSdk = (attributes: SeedFleetAttributes): FleetAttributes =>
  JSON.parse(JSON.stringify(attributes), (key: string, value: unknown) =>
    (key === 'CreationTime' || key === 'TerminationTime') && typeof value === 'number' ? new Date(value) : value,
  ) as FleetAttributes;

describe('ListFleets', () => {
  it.each([undefined, 1, 7, 50, 1000])('pages all fleets exactly once with page size %s', async (pageSize) => {
    const pages = await listPages({}, pageSize);
    expect(pages.flat()).toEqual(allIds());
    pages.slice(0, -1).forEach((page) => expect(page).toHaveLength(pageSize ?? 50));
  });

  it('has more than one page at the default page size', async () => {
    const first = await harness.client.send(new ListFleetsCommand({}));
    expect(first.FleetIds).toHaveLength(50);
    expect(first.NextToken).toBeDefined();
  });

  it.each([
    ['BuildId', { BuildId: BUILDS.shared }, (a: SeedFleetAttributes) => a.BuildId === BUILDS.shared],
    ['build ARN', { BuildId: `arn:aws:gamelift:us-west-2:123456789012:build/${BUILDS.shared}` }, (a: SeedFleetAttributes) => a.BuildId === BUILDS.shared],
    ['ScriptId', { ScriptId: SCRIPTS.realtime }, (a: SeedFleetAttributes) => a.ScriptId === SCRIPTS.realtime],
  ])('filters by %s', async (_, filter, selects) => {
    const expected = harness.sim.data.fleets.filter((fleet) => selects(fleet.attributes)).map((fleet) => fleet.attributes.FleetId);
    expect(expected.length).toBeGreaterThanOrEqual(3);
    expect((await listPages(filter, 2)).flat()).toEqual(expected);
  });

  it('lists nothing for an unknown build', async () => {
    const page = await harness.client.send(new ListFleetsCommand({ BuildId: 'build-00000000-0000-4000-8000-000000000000' }));
    expect(page).toMatchObject({ FleetIds: [] });
    expect(page.NextToken).toBeUndefined();
  });

  it('binds its NextToken to the filter', async () => {
    const { NextToken } = await harness.client.send(new ListFleetsCommand({ BuildId: BUILDS.shared, Limit: 1 }));
    await expect(harness.client.send(new ListFleetsCommand({ NextToken }))).rejects.toThrow(InvalidRequestException);
    const resumed = await harness.client.send(new ListFleetsCommand({ BuildId: BUILDS.shared, NextToken, Limit: 1 }));
    expect(resumed.FleetIds).toHaveLength(1);
  });

  it('rejects a malformed BuildId and Limit 0', async () => {
    await expect(harness.client.send(new ListFleetsCommand({ BuildId: 'fleet-123' }))).rejects.toThrow(/at 'buildId' failed to satisfy constraint/);
    await expect(harness.client.send(new ListFleetsCommand({ Limit: 0 }))).rejects.toThrow(InvalidRequestException);
  });
});

describe('DescribeFleetAttributes', () => {
  it('describes fleets given by id or ARN, omits unknown ones, and returns seeded attributes', async () => {
    const chosen = harness.sim.data.fleets.filter((_, i) => i % 3 === 0).slice(0, 45);
    const references = chosen.map((fleet, i) => (i % 2 === 0 ? fleet.attributes.FleetId : fleet.attributes.FleetArn));
    const unknown = ['fleet-00000000-0000-4000-8000-000000000000', 'arn:aws:gamelift:us-west-2:123456789012:fleet/fleet-00000000-0000-4000-8000-000000000001'];
    const { FleetAttributes = [], NextToken } = await harness.client.send(
      new DescribeFleetAttributesCommand({ FleetIds: [...references.reverse(), ...unknown, chosen[0]?.attributes.FleetId ?? ''] }),
    );
    expect(NextToken).toBeUndefined();
    const byId = new Map(FleetAttributes.map((attributes) => [attributes.FleetId, attributes]));
    expect(byId.size).toBe(chosen.length);
    expect(FleetAttributes).toHaveLength(chosen.length);
    for (const fleet of chosen) expect(byId.get(fleet.attributes.FleetId)).toEqual(asSdk(fleet.attributes));
  });

  it('passes values newer than the API model through', async () => {
    const { FleetAttributes = [] } = await harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: [FLEETS.futureCodes, FLEETS.terminated, FLEETS.anywhere] }));
    const byId = new Map(FleetAttributes.map((attributes) => [attributes.FleetId, attributes]));
    expect(byId.get(FLEETS.futureCodes)?.Status).toBe('HIBERNATING');
    expect(byId.get(FLEETS.terminated)?.TerminationTime).toEqual(new Date(seedFleet(FLEETS.terminated).attributes.TerminationTime ?? 0));
    expect(byId.get(FLEETS.anywhere)).toMatchObject({ ComputeType: 'ANYWHERE', AnywhereConfiguration: { Cost: '10.0' } });
    expect(byId.get(FLEETS.anywhere)?.InstanceType).toBeUndefined();
  });

  it('accepts up to the maximum ids and names the maximum when exceeded', async () => {
    const ids = allIds();
    const atMost = await harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: ids.slice(0, 50) }));
    expect(atMost.FleetAttributes).toHaveLength(50);
    const error = await harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: ids.slice(0, 51) })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toMatch(/at most 50\b/);
  });

  it('honours maxFleetIdsPerCall', async () => {
    const strict = await startSimulator({ maxFleetIdsPerCall: 10 });
    try {
      await expect(clientFor(strict).send(new DescribeFleetAttributesCommand({ FleetIds: allIds().slice(0, 11) }))).rejects.toThrow(/at most 10\b/);
    } finally {
      await strict.close();
    }
  });

  it.each([undefined, 20, 1000])('pages all fleets when no ids are given (page size %s)', async (pageSize) => {
    const seen: string[] = [];
    for await (const page of paginateDescribeFleetAttributes({ client: harness.client, ...(pageSize === undefined ? {} : { pageSize }) }, {})) {
      seen.push(...(page.FleetAttributes ?? []).map((attributes) => attributes.FleetId ?? ''));
    }
    expect(seen).toEqual(allIds());
  });

  it('rejects an empty id list and malformed ids', async () => {
    await expect(harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: [] }))).rejects.toThrow(/Member must have length greater than or equal to 1/);
    await expect(harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: [FLEETS.bigActive, 'bogus'] }))).rejects.toThrow(
      /Value 'bogus' at 'fleetIds.2.member' failed to satisfy constraint/,
    );
  });
});
