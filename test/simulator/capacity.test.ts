import {
  DescribeFleetAttributesCommand,
  DescribeFleetCapacityCommand,
  DescribeFleetUtilizationCommand,
  InvalidRequestException,
  type FleetCapacity,
  type GameLiftClient,
  type FleetUtilization,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS, seedFleet, startSimulator, type SeedFleet } from '../../src/simulator/index.js';
import { clientFor, simulatorForFile } from './support.js';

const harness = simulatorForFile();

interface BatchInput {
  FleetIds?: string[];
  Limit?: number;
  NextToken?: string;
}

/** The two new batched operations, seen the same way: records out, plus the seeded record to expect. */
interface Batched {
  readonly name: 'DescribeFleetCapacity' | 'DescribeFleetUtilization';
  send(client: GameLiftClient, input: BatchInput): Promise<{ records: unknown[]; NextToken?: string }>;
  seeded(fleet: SeedFleet): unknown;
}

const BATCHED: readonly Batched[] = [
  {
    name: 'DescribeFleetCapacity',
    send: async (client, input) => {
      const out = await client.send(new DescribeFleetCapacityCommand(input));
      return { records: out.FleetCapacity ?? [], ...(out.NextToken === undefined ? {} : { NextToken: out.NextToken }) };
    },
    seeded: (fleet) => fleet.capacity,
  },
  {
    name: 'DescribeFleetUtilization',
    send: async (client, input) => {
      const out = await client.send(new DescribeFleetUtilizationCommand(input));
      return { records: out.FleetUtilization ?? [], ...(out.NextToken === undefined ? {} : { NextToken: out.NextToken }) };
    },
    seeded: (fleet) => fleet.utilization,
  },
];

const fleets = () => harness.sim.data.fleets;
const allIds = () => fleets().map((fleet) => fleet.attributes.FleetId);

describe.each(BATCHED)('$name', (operation) => {
  const send = (input: BatchInput) => operation.send(harness.client, input);
  const seededRecords = (chosen: readonly SeedFleet[]) => chosen.flatMap((fleet) => operation.seeded(fleet) ?? []);

  it('takes ids and ARNs, omits unknown fleets, and answers in store order with the seeded records', async () => {
    const chosen = fleets().filter((_, i) => i % 3 === 0).slice(0, 45);
    const references = chosen.map((fleet, i) => (i % 2 === 0 ? fleet.attributes.FleetId : fleet.attributes.FleetArn));
    const unknown = ['fleet-00000000-0000-4000-8000-000000000000', `arn:aws:gamelift:eu-west-1:999999999999:fleet/${FLEETS.bigActive}`];
    const { records, NextToken } = await send({ FleetIds: [...references.reverse(), ...unknown, chosen[0]?.attributes.FleetId ?? ''], Limit: 1 });
    expect(NextToken).toBeUndefined();
    expect(records.length).toBeGreaterThan(30);
    expect(records).toEqual(seededRecords(chosen));
  });

  it('pages over all fleets without FleetIds, each record once, in store order', async () => {
    const seen: unknown[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await send({ Limit: 20, ...(NextToken === undefined ? {} : { NextToken }) });
      seen.push(...page.records);
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken !== undefined);
    expect(pages).toBe(Math.ceil(fleets().length / 20));
    expect(seen).toEqual(seededRecords(fleets()));
  });

  it('caps FleetIds like DescribeFleetAttributes, with the same message', async () => {
    expect((await send({ FleetIds: allIds().slice(0, 50) })).records.length).toBeGreaterThan(40);
    const error = await send({ FleetIds: allIds().slice(0, 51) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestException);
    const attributesError = await harness.client
      .send(new DescribeFleetAttributesCommand({ FleetIds: allIds().slice(0, 51) }))
      .catch((caught: unknown) => caught);
    expect((error as Error).message).toBe((attributesError as Error).message);
    expect((error as Error).message).toMatch(/at most 50\b/);
  });

  it('honours maxFleetIdsPerCall', async () => {
    const strict = await startSimulator({ maxFleetIdsPerCall: 10 });
    const client = clientFor(strict);
    try {
      await expect(operation.send(client, { FleetIds: allIds().slice(0, 11) })).rejects.toThrow(/at most 10\b/);
    } finally {
      client.destroy();
      await strict.close();
    }
  });

  it('validates FleetIds like DescribeFleetAttributes', async () => {
    await expect(send({ FleetIds: [] })).rejects.toThrow(/Member must have length greater than or equal to 1/);
    await expect(send({ FleetIds: [FLEETS.bigActive, 'bogus'] })).rejects.toThrow(/Value 'bogus' at 'fleetIds.2.member' failed to satisfy constraint/);
  });

  it('is counted in stats and the call log', async () => {
    harness.sim.resetStats();
    await send({ FleetIds: [FLEETS.bigActive] });
    await send({ FleetIds: [FLEETS.bigActive, 'bogus'] }).catch(() => undefined);
    expect(harness.sim.stats().calls).toEqual({ [operation.name]: 2 });
    expect(harness.sim.calls().map((call) => call.operation)).toEqual([operation.name, operation.name]);
  });
});

describe('capacity and utilization records', () => {
  const byId = async () => {
    const [capacity, utilization] = await Promise.all([
      harness.client.send(new DescribeFleetCapacityCommand({ Limit: 1000 })),
      harness.client.send(new DescribeFleetUtilizationCommand({ Limit: 1000 })),
    ]);
    return {
      capacity: new Map((capacity.FleetCapacity ?? []).map((record): [string, FleetCapacity] => [record.FleetId ?? '', record])),
      utilization: new Map((utilization.FleetUtilization ?? []).map((record): [string, FleetUtilization] => [record.FleetId ?? '', record])),
    };
  };

  it('has a well-known fleet of each kind: ACTIVE with both, ANYWHERE without capacity, TERMINATED without either', async () => {
    const { capacity, utilization } = await byId();
    expect(capacity.get(FLEETS.bigActive)).toMatchObject({
      FleetArn: seedFleet(FLEETS.bigActive).attributes.FleetArn,
      InstanceType: seedFleet(FLEETS.bigActive).attributes.InstanceType,
      Location: 'us-west-2',
      InstanceCounts: { ACTIVE: expect.any(Number), PENDING: 0 },
    });
    expect(utilization.get(FLEETS.bigActive)?.ActiveServerProcessCount).toBeGreaterThan(0);
    expect(capacity.has(FLEETS.anywhere)).toBe(false);
    expect(utilization.get(FLEETS.anywhere)?.ActiveServerProcessCount).toBeGreaterThan(0);
    expect(capacity.has(FLEETS.terminated)).toBe(false);
    expect(utilization.has(FLEETS.terminated)).toBe(false);
  });

  it('agrees with every fleet status', async () => {
    const { capacity, utilization } = await byId();
    const creating = ['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING'];
    let active = 0;
    let scalingIn = 0;
    for (const { attributes } of fleets()) {
      const { FleetId = '', Status, ComputeType } = attributes;
      const counts = capacity.get(FleetId)?.InstanceCounts;
      const use = utilization.get(FleetId);
      expect(capacity.has(FleetId), FleetId).toBe(Status !== 'TERMINATED' && ComputeType !== 'ANYWHERE');
      expect(utilization.has(FleetId), FleetId).toBe(Status !== 'TERMINATED');
      if (use && Status !== 'ACTIVE') {
        expect(use, FleetId).toMatchObject({ ActiveServerProcessCount: 0, ActiveGameSessionCount: 0, CurrentPlayerSessionCount: 0, MaximumPlayerSessionCount: 0 });
      }
      if (use && Status === 'ACTIVE') {
        expect(use.ActiveServerProcessCount).toBeGreaterThan(0);
        expect(use.ActiveGameSessionCount).toBeLessThanOrEqual(use.ActiveServerProcessCount ?? 0);
        expect(use.CurrentPlayerSessionCount).toBeLessThanOrEqual(use.MaximumPlayerSessionCount ?? 0);
      }
      if (!counts) continue;
      const { DESIRED = -1, MINIMUM = -1, MAXIMUM = -1, PENDING = -1, ACTIVE = -1, IDLE = -1, TERMINATING = -1 } = counts;
      if (Status === 'ACTIVE') {
        active += 1;
        if (TERMINATING > 0) scalingIn += 1;
        expect(MINIMUM).toBeLessThanOrEqual(DESIRED);
        expect(DESIRED).toBeLessThanOrEqual(MAXIMUM);
        expect([ACTIVE, PENDING]).toEqual([DESIRED, 0]);
        expect(IDLE).toBeGreaterThanOrEqual(0);
        expect(IDLE).toBeLessThanOrEqual(ACTIVE);
        // Processes run on every active instance; the ones without a session leave their instance idle.
        const perInstance = (use?.ActiveServerProcessCount ?? 0) / ACTIVE;
        expect(Number.isInteger(perInstance)).toBe(true);
        expect(ACTIVE - IDLE).toBe(Math.ceil((use?.ActiveGameSessionCount ?? 0) / perInstance));
      } else if (creating.includes(Status)) {
        expect([DESIRED, ACTIVE, IDLE, TERMINATING, PENDING], FleetId).toEqual([1, 0, 0, 0, Status === 'NEW' ? 0 : 1]);
      } else if (Status === 'ERROR') {
        expect([DESIRED, PENDING, ACTIVE, IDLE, TERMINATING]).toEqual([0, 0, 0, 0, 0]);
        expect(MAXIMUM).toBeGreaterThanOrEqual(MINIMUM);
      } else if (Status === 'DELETING') {
        expect(TERMINATING).toBeGreaterThan(0);
        expect([DESIRED, ACTIVE, PENDING]).toEqual([0, 0, 0]);
      } else {
        expect([DESIRED, ACTIVE, PENDING, TERMINATING]).toEqual([0, 0, 0, 0]);
      }
    }
    expect(active).toBeGreaterThan(90);
    // TERMINATING is usually 0: a scale-in is under way on a few fleets only.
    expect(scalingIn).toBeGreaterThan(0);
    expect(scalingIn).toBeLessThan(active / 4);
  });

  it('uses the scaling limits the fleet events name', () => {
    const big = seedFleet(FLEETS.bigActive);
    const scaling = big.events.find((event) => event.EventCode === 'FLEET_SCALING_EVENT');
    const counts = big.capacity?.InstanceCounts;
    expect(scaling?.Message).toContain(`to ${counts?.DESIRED} (minimum ${counts?.MINIMUM}, maximum ${counts?.MAXIMUM})`);
  });
});
