import { DescribeFleetEventsCommand, type DescribeFleetEventsCommandInput } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import {
  ControlError,
  FLEETS,
  MAX_APPENDED_EVENTS_PER_FLEET,
  MAX_CREATED_FLEETS,
  SEED_NOW,
  seedFleet,
  startSimulator,
  type AppendedEvent,
} from '../../src/simulator/index.js';
import { allPages, clientFor, fromSdk, fromSeed, simulatorForFile } from './support.js';

const harness = simulatorForFile();

const page = (input: DescribeFleetEventsCommandInput) => harness.client.send(new DescribeFleetEventsCommand(input));
const allEvents = async (input: DescribeFleetEventsCommandInput) => (await allPages(harness.client, input, 100)).flatMap((one) => one.events);
const ids = (events: readonly { EventId?: string }[]) => events.map((event) => event.EventId);
/** A created fleet that stays NEW with just FLEET_CREATED for the length of a test. */
const quietFleet = () => harness.sim.createFleet({ phaseMs: 3_600_000 }).fleetId;

describe('appendEvents', () => {
  it('adds events to a seeded fleet newest first, with EventIds, default messages and served logs', async () => {
    const seeded = seedFleet(FLEETS.localized).events;
    const before = Date.now();
    const added = harness.sim.appendEvents(FLEETS.localized, [
      { eventCode: 'FLEET_SCALING_EVENT', message: 'Desired instances changed from 2 to 3 (minimum 1, maximum 10) by UpdateFleetCapacity.' },
      { eventCode: 'FLEET_HIBERNATION_STARTED' },
      { eventCode: 'GENERIC_EVENT', message: 'with a log', log: 'line 1\r\nライン 2 🎮\n' },
    ]);
    expect(added.map((event) => event.EventCode)).toEqual(['FLEET_SCALING_EVENT', 'FLEET_HIBERNATION_STARTED', 'GENERIC_EVENT']);
    for (const event of added) {
      expect(event.EventId).toMatch(/^a[0-9a-f]{7}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(event.ResourceId).toBe(FLEETS.localized);
    }
    expect(added[1]?.Message).toContain(`FLEET_HIBERNATION_STARTED on fleet ${FLEETS.localized}`);
    const times = added.map((event) => event.EventTime);
    expect(times[0]).toBeGreaterThanOrEqual(before);
    expect(times[0]).toBeGreaterThan(seeded[0]?.EventTime ?? Infinity);
    expect(times[1]).toBeGreaterThan(times[0] ?? Infinity);
    expect(times[2]).toBeGreaterThan(times[1] ?? Infinity);

    const { Events = [] } = await page({ FleetId: FLEETS.localized, Limit: 4 });
    expect(Events.slice(0, 3).map(fromSdk)).toEqual([...added].reverse().map(fromSeed));
    expect(Events[3]?.EventId).toBe(seeded[0]?.EventId);
    const logged = Events[0]?.PreSignedLogUrl ?? '';
    expect(logged).toContain(`/logs/${FLEETS.localized}/events/${added[2]?.EventId}/GENERIC_EVENT.txt?`);
    expect(Buffer.from(await (await fetch(logged)).arrayBuffer()).equals(Buffer.from('line 1\r\nライン 2 🎮\n'))).toBe(true);
    expect(Events[1]?.PreSignedLogUrl).toBeUndefined();
  });

  it('keeps a NextToken obtained before an append resuming at the same event, whatever the Limit', async () => {
    const seeded = seedFleet(FLEETS.pageBoundary).events;
    const plain = await page({ FleetId: FLEETS.pageBoundary, Limit: 10 });
    const window = { EndTime: new Date(seeded[0]?.EventTime ?? 0) };
    const windowed = await page({ FleetId: FLEETS.pageBoundary, ...window, Limit: 10 });
    harness.sim.appendEvents(FLEETS.pageBoundary, [
      { eventCode: 'GENERIC_EVENT' },
      { eventCode: 'FLEET_SCALING_EVENT' },
      // An older event lands among the first page's events, before where the tokens resume.
      { eventCode: 'SERVER_PROCESS_CRASHED', eventTime: seeded[5]?.EventTime ?? 0 },
    ]);
    for (const Limit of [1, 5, 1000]) {
      const resumed = await page({ FleetId: FLEETS.pageBoundary, NextToken: plain.NextToken, Limit });
      expect(resumed.Events?.map(fromSdk)).toEqual(seeded.slice(10, 10 + Limit).map(fromSeed));
    }
    const resumed = await page({ FleetId: FLEETS.pageBoundary, ...window, NextToken: windowed.NextToken, Limit: 10 });
    expect(resumed.Events?.map(fromSdk)).toEqual(seeded.slice(10, 20).map(fromSeed));
    expect((await allEvents({ FleetId: FLEETS.pageBoundary })).map((event) => event.EventCode).slice(0, 2)).toEqual(['FLEET_SCALING_EVENT', 'GENERIC_EVENT']);
  });

  it('keeps scanning tokens of an empty-page fleet valid across appends', async () => {
    const seeded = seedFleet(FLEETS.sparse).events;
    const window = { StartTime: new Date(seeded[310]?.EventTime ?? 0), EndTime: new Date(seeded[120]?.EventTime ?? 0) };
    const within = seeded.filter((event) => event.EventTime >= window.StartTime.getTime() && event.EventTime <= window.EndTime.getTime());
    const first = await page({ FleetId: FLEETS.sparse, ...window, Limit: 50 });
    harness.sim.appendEvents(FLEETS.sparse, [{ eventCode: 'GENERIC_EVENT' }, { eventCode: 'GENERIC_EVENT' }]);
    const rest = await allPages(harness.client, { FleetId: FLEETS.sparse, ...window, NextToken: first.NextToken }, 50);
    expect([...(first.Events ?? []), ...rest.flatMap((one) => one.events)].map(fromSdk)).toEqual(within.map(fromSeed));
  });

  it('puts an explicit eventTime in order, newest of its millisecond, and resumes tokens inside a tie', async () => {
    const fleetId = quietFleet();
    const [created] = await allEvents({ FleetId: fleetId });
    const tie = (created?.EventTime?.getTime() ?? 0) + 1_000;
    const [e1, e2, e3, e4] = harness.sim.appendEvents(fleetId, Array.from({ length: 4 }, (): AppendedEvent => ({ eventCode: 'INSTANCE_INTERRUPTED', eventTime: tie })));
    const first = await page({ FleetId: fleetId, Limit: 2 });
    expect(ids(first.Events ?? [])).toEqual(ids([e4 ?? {}, e3 ?? {}]));

    const [e5, e0] = harness.sim.appendEvents(fleetId, [
      { eventCode: 'INSTANCE_INTERRUPTED', eventTime: tie },
      { eventCode: 'FLEET_SCALING_EVENT', eventTime: tie - 500 },
    ]);
    const resumed = await page({ FleetId: fleetId, NextToken: first.NextToken, Limit: 10 });
    expect(ids(resumed.Events ?? [])).toEqual(ids([e2 ?? {}, e1 ?? {}, e0 ?? {}, created ?? {}]));
    expect(ids(await allEvents({ FleetId: fleetId }))).toEqual(ids([e5 ?? {}, e4 ?? {}, e3 ?? {}, e2 ?? {}, e1 ?? {}, e0 ?? {}, created ?? {}]));
  });

  it('lets several fleets, seeded and created, have events on the same millisecond', async () => {
    const fleets = [FLEETS.spot, FLEETS.realtime, quietFleet(), quietFleet()];
    const added = fleets.map((fleetId) => harness.sim.appendEvents(fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', eventTime: SEED_NOW }])[0]);
    for (const [i, fleetId] of fleets.entries()) {
      const at = new Date(SEED_NOW);
      const { Events = [] } = await page({ FleetId: fleetId, StartTime: at, EndTime: at });
      expect(ids(Events)).toEqual([added[i]?.EventId]);
      expect(Events[0]?.EventTime).toEqual(at);
    }
  });

  it('writes an event without eventTime strictly after the newest, even a future one', () => {
    const future = Date.now() + 60_000;
    const events = harness.sim.appendEvents(quietFleet(), [
      { eventCode: 'GENERIC_EVENT', eventTime: future },
      { eventCode: 'GENERIC_EVENT' },
      { eventCode: 'GENERIC_EVENT' },
    ]);
    expect(events.map((event) => event.EventTime)).toEqual([future, future + 1, future + 2]);
  });

  it.each([
    [[], /events must be a non-empty array/],
    [{ eventCode: 'GENERIC_EVENT' }, /events must be a non-empty array/],
    [[{}], /events\[0\]\.eventCode is required/],
    [[{ eventCode: 'fleet_created' }], /events\[0\]\.eventCode must be an upper-case event code/],
    [[{ eventCode: 'GENERIC_EVENT' }, { eventCode: 'GENERIC_EVENT', eventTime: -1 }], /events\[1\]\.eventTime must be an integer from 0 to/],
    [[{ eventCode: 'GENERIC_EVENT', eventTime: '2026-10-01' }], /events\[0\]\.eventTime must be an integer/],
    [[{ eventCode: 'GENERIC_EVENT', message: '' }], /events\[0\]\.message must be a string of 1 to 10000 characters/],
    [[{ eventCode: 'GENERIC_EVENT', log: 7 }], /events\[0\]\.log must be a string of at most 1048576 UTF-8 bytes/],
    [[{ eventCode: 'GENERIC_EVENT', severity: 'high' }], /events\[0\] has no field "severity"/],
  ])('refuses %j whole, with a ControlError naming the problem', async (events, message) => {
    const fleetId = quietFleet();
    expect(() => harness.sim.appendEvents(fleetId, events as AppendedEvent[])).toThrow(
      expect.objectContaining({ name: 'ControlError', status: 400, message: expect.stringMatching(message) }),
    );
    expect(await allEvents({ FleetId: fleetId })).toHaveLength(1);
  });

  it('refuses an unknown fleet with status 404', () => {
    const missing = `arn:aws:gamelift:eu-west-1:999999999999:fleet/${FLEETS.bigActive}`;
    expect(() => harness.sim.appendEvents(missing, [{ eventCode: 'GENERIC_EVENT' }])).toThrow(ControlError);
    expect(() => harness.sim.appendEvents(missing, [{ eventCode: 'GENERIC_EVENT' }])).toThrow(expect.objectContaining({ status: 404 }));
  });
});

describe('bounds', () => {
  it(`takes at most ${MAX_APPENDED_EVENTS_PER_FLEET} appended events per fleet, and creates at most ${MAX_CREATED_FLEETS} fleets`, async () => {
    const sim = await startSimulator();
    const client = clientFor(sim);
    try {
      const fleetId = sim.createFleet({ phaseMs: 0 }).fleetId;
      const batch = Array.from({ length: MAX_APPENDED_EVENTS_PER_FLEET }, (_, i): AppendedEvent => ({ eventCode: 'GENERIC_EVENT', message: `event ${i}` }));
      expect(sim.appendEvents(fleetId, batch)).toHaveLength(MAX_APPENDED_EVENTS_PER_FLEET);
      expect(() => sim.appendEvents(fleetId, [{ eventCode: 'GENERIC_EVENT' }])).toThrow(/takes 0 more appended events \(at most 10000 per fleet\); got 1/);
      const pages = await allPages(client, { FleetId: fleetId }, 5_000);
      expect(pages.flatMap((one) => one.events)).toHaveLength(MAX_APPENDED_EVENTS_PER_FLEET + 9);
      expect(pages[0]?.events[0]?.Message).toBe(`event ${MAX_APPENDED_EVENTS_PER_FLEET - 1}`);

      for (let i = 1; i < MAX_CREATED_FLEETS; i++) sim.createFleet({ phaseMs: 3_600_000 });
      expect(() => sim.createFleet()).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/created 1000 fleets/) }));
    } finally {
      client.destroy();
      await sim.close();
    }
  });
});
