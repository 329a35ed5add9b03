import {
  DescribeFleetLocationCapacityCommand,
  DescribeFleetLocationUtilizationCommand,
  paginateDescribeFleetLocationAttributes,
  type LocationAttributes,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS } from '../../src/simulator/index.js';
import { simulatorForFile } from './support.js';

describe('DescribeFleetLocation*', () => {
  const env = simulatorForFile();
  const multi = () => env.sim.data.fleets.find((fleet) => fleet.locations?.length);

  it('pages every location of a multi-location fleet, the home Region first, and answers each one\'s capacity and utilization', async () => {
    const fleet = multi();
    if (!fleet) throw new Error('no multi-location fleet in the seed');
    const listed: LocationAttributes[] = [];
    for await (const page of paginateDescribeFleetLocationAttributes({ client: env.client, pageSize: 2 }, { FleetId: fleet.attributes.FleetArn })) {
      expect(page.FleetId).toBe(fleet.attributes.FleetId);
      listed.push(...(page.LocationAttributes ?? []));
    }
    expect(listed.map((entry) => [entry.LocationState?.Location, entry.LocationState?.Status])).toEqual([
      ['us-west-2', fleet.attributes.Status],
      ...(fleet.locations ?? []).map((location) => [location.Location, location.Status]),
    ]);
    for (const location of fleet.locations ?? []) {
      const { FleetCapacity } = await env.client.send(new DescribeFleetLocationCapacityCommand({ FleetId: fleet.attributes.FleetId, Location: location.Location }));
      expect(FleetCapacity?.InstanceCounts).toEqual(location.capacity.InstanceCounts);
      expect(FleetCapacity?.Location).toBe(location.Location);
      const { FleetUtilization } = await env.client.send(new DescribeFleetLocationUtilizationCommand({ FleetId: fleet.attributes.FleetId, Location: location.Location }));
      expect(FleetUtilization?.MaximumPlayerSessionCount).toBe(location.utilization.MaximumPlayerSessionCount);
    }
  });

  it('keeps answering for a multi-location fleet once events were appended to it (a live copy of the seeded fleet)', async () => {
    const fleet = env.sim.data.fleets.filter((candidate) => candidate.locations?.length)[1];
    if (!fleet) throw new Error('no second multi-location fleet');
    env.sim.appendEvents(fleet.attributes.FleetId, [{ eventCode: 'LOCATION_STATE_UPDATING', message: 'an update' }]);
    const listed: LocationAttributes[] = [];
    for await (const page of paginateDescribeFleetLocationAttributes({ client: env.client }, { FleetId: fleet.attributes.FleetId })) listed.push(...(page.LocationAttributes ?? []));
    expect(listed[0]?.LocationState).toEqual({ Location: 'us-west-2', Status: fleet.attributes.Status });
    const home = await env.client.send(new DescribeFleetLocationCapacityCommand({ FleetId: fleet.attributes.FleetId, Location: 'us-west-2' }));
    expect(home.FleetCapacity?.InstanceCounts).toEqual(fleet.capacity?.InstanceCounts);
  });

  it('answers the errors GameLift answers: no remote locations, an unknown location, an unknown fleet', async () => {
    const ask = (FleetId: string, Location: string) => env.client.send(new DescribeFleetLocationCapacityCommand({ FleetId, Location }));
    await expect(ask(FLEETS.sparse, 'us-east-1')).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(ask(multi()?.attributes.FleetId ?? '', 'me-south-1')).rejects.toMatchObject({ name: 'InvalidRequestException' });
    await expect(ask('fleet-00000000-0000-4000-8000-00000000dead', 'us-east-1')).rejects.toMatchObject({ name: 'NotFoundException' });
  });
});
