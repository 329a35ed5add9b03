import { DescribeFleetAttributesCommand, DescribeFleetEventsCommand, GameLiftClient, ListFleetsCommand, paginateListFleets } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS } from '../../src/simulator/index.js';
import { simulatorForFile } from './support.js';

describe('Regions, told apart by the SigV4 credential scope', () => {
  const env = simulatorForFile({ regions: ['us-west-2', 'eu-central-1', 'ap-northeast-1'] });
  const clientIn = (region: string) =>
    new GameLiftClient({ endpoint: env.sim.url, region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

  it('serves each Region its own fleets, with ARNs, capacity and events of that Region', async () => {
    for (const region of env.sim.regions) {
      const client = clientIn(region);
      try {
        const ids: string[] = [];
        for await (const page of paginateListFleets({ client, pageSize: 7 }, {})) ids.push(...(page.FleetIds ?? []));
        const seeded = env.sim.regionFleets(region);
        expect(ids).toEqual(seeded.map((fleet) => fleet.attributes.FleetId));
        const { FleetAttributes } = await client.send(new DescribeFleetAttributesCommand({ FleetIds: ids.slice(0, 3) }));
        for (const attributes of FleetAttributes ?? []) expect(attributes.FleetArn).toContain(`:gamelift:${region}:`);
        const first = seeded[0];
        const { Events } = await client.send(new DescribeFleetEventsCommand({ FleetId: first?.attributes.FleetId, Limit: 5 }));
        expect(Events?.map((event) => event.EventId)).toEqual(first?.events.slice(0, 5).map((event) => event.EventId));
        expect(Events?.every((event) => event.ResourceId === first?.attributes.FleetId)).toBe(true);
      } finally {
        client.destroy();
      }
    }
    // No fleet is in two Regions, and the other Regions do not know the seed's well-known fleets.
    const all = env.sim.regions.flatMap((region) => env.sim.regionFleets(region).map((fleet) => fleet.attributes.FleetId));
    expect(new Set(all).size).toBe(all.length);
    const eu = clientIn('eu-central-1');
    try {
      expect((await eu.send(new DescribeFleetAttributesCommand({ FleetIds: [FLEETS.bigActive] }))).FleetAttributes).toEqual([]);
    } finally {
      eu.destroy();
    }
  });

  it('answers a Region it does not serve as AWS answers one not enabled, and logs each call with its Region', async () => {
    env.sim.resetStats();
    const elsewhere = clientIn('af-south-1');
    try {
      await expect(elsewhere.send(new ListFleetsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    } finally {
      elsewhere.destroy();
    }
    await env.client.send(new ListFleetsCommand({ Limit: 1 }));
    expect(env.sim.calls().map((call) => call.region)).toEqual(['af-south-1', 'us-west-2']);
  });
});
