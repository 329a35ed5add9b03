import {
  DescribeFleetEventsCommand,
  InvalidRequestException,
  ListFleetsCommand,
  NotFoundException,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS, type SeedFleet, seedFleet, startSimulator } from '../../src/simulator/index.js';
import { allPages, clientFor, fromSdk, fromSeed, simulatorForFile } from './support.js';

const harness = simulatorForFile();

/** Runs `work` over `items` with a few requests in flight, to keep the full sweep quick. */
async function eachConcurrently<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  const worker = async (): Promise<void> => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

const events = async (input: ConstructorParameters<typeof DescribeFleetEventsCommand>[0]) => harness.client.send(new DescribeFleetEventsCommand(input));

describe('DescribeFleetEvents paging', () => {
  it.each([7, 50, 100, 1000])('pages every fleet with page size %i, each seeded event exactly once, newest first', async (pageSize) => {
    await eachConcurrently(harness.sim.data.fleets, async (fleet: SeedFleet) => {
      const pages = await allPages(harness.client, { FleetId: fleet.attributes.FleetId }, pageSize);
      expect(pages.flatMap((page) => page.events).map(fromSdk)).toEqual(fleet.events.map(fromSeed));
      // Without time filters every page but the last is full, and the last has no token.
      pages.slice(0, -1).forEach((page) => expect(page.events).toHaveLength(pageSize));
      expect(pages.at(-1)?.nextToken).toBeUndefined();
    });
  });

  it('pages small fleets one event at a time', async () => {
    const small = harness.sim.data.fleets.filter((fleet) => fleet.events.length <= 25);
    expect(small.length).toBeGreaterThan(10);
    await eachConcurrently(small, async (fleet) => {
      const pages = await allPages(harness.client, { FleetId: fleet.attributes.FleetId }, 1);
      expect(pages.flatMap((page) => page.events).map(fromSdk)).toEqual(fleet.events.map(fromSeed));
    });
  });

  it('ends a fleet of exactly 100 events after two pages of 50, without an extra empty page', async () => {
    const pages = await allPages(harness.client, { FleetId: FLEETS.pageBoundary }, 50);
    expect(pages.map((page) => page.events.length)).toEqual([50, 50]);
  });

  it('answers a fleet with no events with one empty page', async () => {
    const pages = await allPages(harness.client, { FleetId: FLEETS.empty }, 10);
    expect(pages).toEqual([{ events: [] }]);
  });

  it('accepts the fleet ARN and uses a default page size of 50', async () => {
    const arn = seedFleet(FLEETS.bigActive).attributes.FleetArn;
    const page = await events({ FleetId: arn });
    expect(page.Events).toHaveLength(50);
    expect(page.Events?.[0]?.EventId).toBe(seedFleet(FLEETS.bigActive).events[0]?.EventId);
  });
});

describe('DescribeFleetEvents time filters', () => {
  const sparse = seedFleet(FLEETS.sparse);
  const timeOf = (fleet: SeedFleet, index: number): Date => new Date(fleet.events[index]?.EventTime ?? 0);
  const within = (fleet: SeedFleet, start: Date, end: Date) =>
    fleet.events.filter((event) => event.EventTime >= start.getTime() && event.EventTime <= end.getTime()).map(fromSeed);

  it('returns empty pages with a NextToken on the sparse fleet, yet every matching event once', async () => {
    const [StartTime, EndTime] = [timeOf(sparse, 310), timeOf(sparse, 120)];
    for (const pageSize of [7, 50, 64]) {
      const pages = await allPages(harness.client, { FleetId: FLEETS.sparse, StartTime, EndTime }, pageSize);
      expect(pages.flatMap((page) => page.events).map(fromSdk)).toEqual(within(sparse, StartTime, EndTime));
      expect(pages.some((page) => page.events.length === 0 && page.nextToken !== undefined)).toBe(true);
    }
  });

  it('hands out a token when a scan ends exactly at the last event, leading to a final empty page', async () => {
    const pages = await allPages(harness.client, { FleetId: FLEETS.sparse, StartTime: timeOf(sparse, 399) }, 50);
    expect(pages).toHaveLength(9);
    expect(pages[7]?.nextToken).toBeDefined();
    expect(pages[8]).toEqual({ events: [] });
    expect(pages.flatMap((page) => page.events)).toHaveLength(400);
  });

  it('fills pages of other fleets under time filters, and treats both bounds as inclusive', async () => {
    const big = seedFleet(FLEETS.bigActive);
    const [StartTime, EndTime] = [timeOf(big, 3000), timeOf(big, 1000)];
    const pages = await allPages(harness.client, { FleetId: FLEETS.bigActive, StartTime, EndTime }, 100);
    const expected = within(big, StartTime, EndTime);
    expect(expected.length).toBeGreaterThanOrEqual(2001);
    expect(pages.flatMap((page) => page.events).map(fromSdk)).toEqual(expected);
    pages.slice(0, -1).forEach((page) => expect(page.events).toHaveLength(100));
  });

  it('honours the emptyPages option', async () => {
    const never = await startSimulator({ emptyPages: 'never' });
    const always = await startSimulator({ emptyPages: 'always' });
    try {
      const window = { StartTime: timeOf(sparse, 310), EndTime: timeOf(sparse, 120) };
      const full = await allPages(clientFor(never), { FleetId: FLEETS.sparse, ...window }, 50);
      expect(full.slice(0, -1).every((page) => page.events.length === 50)).toBe(true);
      const big = seedFleet(FLEETS.bigActive);
      const scanned = await allPages(clientFor(always), { FleetId: FLEETS.bigActive, StartTime: timeOf(big, 700), EndTime: timeOf(big, 600) }, 200);
      expect(scanned.some((page) => page.events.length === 0 && page.nextToken !== undefined)).toBe(true);
      expect(scanned.flatMap((page) => page.events).map(fromSdk)).toEqual(within(big, timeOf(big, 700), timeOf(big, 600)));
    } finally {
      await Promise.all([never.close(), always.close()]);
    }
  });

  it('returns nothing for a window before the fleet existed', async () => {
    const page = await events({ FleetId: FLEETS.pageBoundary, EndTime: new Date(0) });
    expect(page.Events).toEqual([]);
    expect(page.NextToken).toBeUndefined();
  });
});

describe('DescribeFleetEvents NextToken', () => {
  const fleet = seedFleet(FLEETS.pageBoundary);
  const firstToken = async (input: { FleetId: string; StartTime?: Date; EndTime?: Date } = { FleetId: FLEETS.pageBoundary }) => {
    const { NextToken } = await events({ ...input, Limit: 10 });
    if (!NextToken) throw new Error('expected a NextToken');
    return NextToken;
  };

  it('resumes at the same event whatever Limit comes with it', async () => {
    const token = await firstToken();
    for (const Limit of [1, 3, 25, 1000]) {
      const page = await events({ FleetId: FLEETS.pageBoundary, NextToken: token, Limit });
      expect(page.Events?.map(fromSdk)).toEqual(fleet.events.slice(10, 10 + Limit).map(fromSeed));
    }
  });

  it('is bound to the canonical fleet id, so the ARN works too', async () => {
    const token = await firstToken();
    const page = await events({ FleetId: fleet.attributes.FleetArn, NextToken: token, Limit: 1 });
    expect(page.Events?.[0]?.EventId).toBe(fleet.events[10]?.EventId);
  });

  it('is accepted by a restarted simulator', async () => {
    const token = await firstToken();
    const restarted = await startSimulator();
    try {
      const page = await clientFor(restarted).send(new DescribeFleetEventsCommand({ FleetId: FLEETS.pageBoundary, NextToken: token, Limit: 1 }));
      expect(page.Events?.[0]?.EventId).toBe(fleet.events[10]?.EventId);
    } finally {
      await restarted.close();
    }
  });

  it.each([
    ['another fleet', { FleetId: FLEETS.pageBoundary50 }],
    ['another time window', { FleetId: FLEETS.pageBoundary, StartTime: new Date(0) }],
    ['a dropped time window', { FleetId: FLEETS.pageBoundary }],
  ])('is refused when reused with %s', async (_, input) => {
    const token = await firstToken({ FleetId: FLEETS.pageBoundary, EndTime: new Date(Date.UTC(2030, 0)) });
    await expect(events({ ...input, NextToken: token })).rejects.toThrow(InvalidRequestException);
  });

  it('is refused when tampered with or taken from another operation', async () => {
    const token = await firstToken();
    const [payload, signature] = token.split('.');
    const forged = `${Buffer.from('{"v":1,"p":0}').toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature?.startsWith('A') ? 'B' : 'A'}${signature?.slice(1)}`;
    const listToken = (await harness.client.send(new ListFleetsCommand({ Limit: 1 }))).NextToken;
    for (const NextToken of [forged, flipped, `${token}x`, 'not-a-token', listToken]) {
      const error = await events({ FleetId: FLEETS.pageBoundary, NextToken }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidRequestException);
      expect((error as Error).message).toMatch(/NextToken/);
    }
  });
});

describe('DescribeFleetEvents errors', () => {
  it('answers NotFoundException for an unknown fleet', async () => {
    const missing = 'fleet-00000000-0000-4000-8000-000000000000';
    const error = await events({ FleetId: missing }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NotFoundException);
    expect((error as NotFoundException).message).toBe(`Fleet ${missing} not found.`);
    await expect(events({ FleetId: `arn:aws:gamelift:eu-west-1:999999999999:fleet/${FLEETS.bigActive}` })).rejects.toThrow(NotFoundException);
  });

  it.each([
    ['a malformed FleetId', { FleetId: 'not-a-fleet' }, /Value 'not-a-fleet' at 'fleetId' failed to satisfy constraint: Member must satisfy regular expression pattern/],
    ['an empty FleetId', { FleetId: '' }, /at 'fleetId' failed to satisfy constraint: Member must have length greater than or equal to 1/],
    ['a FleetId over 512 characters', { FleetId: `fleet-${'a'.repeat(600)}` }, /Member must have length less than or equal to 512/],
    ['Limit 0', { FleetId: FLEETS.bigActive, Limit: 0 }, /Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1/],
    ['a NextToken over 1024 characters', { FleetId: FLEETS.bigActive, NextToken: 'x'.repeat(1025) }, /at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024/],
    ['two problems at once', { FleetId: 'nope', Limit: -1 }, /^2 validation errors detected: /],
  ])('rejects %s with InvalidRequestException', async (_, input, message) => {
    const error = await events(input).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toMatch(message);
  });
});
