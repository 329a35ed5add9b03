import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BUILDS, decodedLog, FLEETS, KNOWN_EVENT_CODES, LOGGED_EVENT_CODES, SCRIPTS, seedData, seedFleet } from '../../src/simulator/index.js';
import { createSeedData } from '../../src/simulator/seed/index.js';


const FLEET_ID = /^[a-z]*fleet-[a-zA-Z0-9-]+$/;
const FLEET_ARN = /^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/;
/** FleetStatus values in today's API model. */
const KNOWN_STATUSES = ['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING', 'ACTIVE', 'DELETING', 'ERROR', 'TERMINATED', 'NOT_FOUND', 'EXPIRED'];

const { fleets } = seedData;
const allEvents = fleets.flatMap((fleet) => fleet.events);
const known = new Set<string>(KNOWN_EVENT_CODES);

describe('seed data', () => {
  it('is deterministic', () => {
    const again = createSeedData();
    expect(JSON.stringify(again.fleets)).toBe(JSON.stringify(seedData.fleets));
    expect([...again.logs.keys()]).toEqual([...seedData.logs.keys()]);
    for (const [key, bytes] of again.logs) expect(bytes.equals(seedData.logs.get(key) ?? Buffer.alloc(1))).toBe(true);
    expect(again.specialLogs).toEqual(seedData.specialLogs);
  });

  it('has 130+ fleets with unique, well-formed ids and ARNs', () => {
    expect(fleets.length).toBeGreaterThanOrEqual(130);
    const ids = fleets.map((fleet) => fleet.attributes.FleetId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { attributes } of fleets) {
      expect(attributes.FleetId).toMatch(FLEET_ID);
      expect(attributes.FleetArn).toMatch(FLEET_ARN);
      expect(attributes.FleetArn).toBe(`arn:aws:gamelift:us-west-2:123456789012:fleet/${attributes.FleetId}`);
    }
    expect(Object.values(FLEETS).every((id) => ids.includes(id))).toBe(true);
  });

  it('covers the fleet lifecycle, fleet types, compute types and operating systems', () => {
    const statuses = new Set(fleets.map((fleet) => fleet.attributes.Status));
    for (const status of ['ACTIVE', 'ACTIVATING', 'ERROR', 'TERMINATED', 'DELETING', 'NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING']) {
      expect(statuses).toContain(status);
    }
    expect(fleets.filter((fleet) => fleet.attributes.Status === 'ACTIVE').length).toBeGreaterThan(fleets.length / 2);
    for (const fleet of fleets) {
      expect(fleet.attributes.TerminationTime !== undefined).toBe(fleet.attributes.Status === 'TERMINATED');
      expect(fleet.attributes.InstanceType !== undefined).toBe(fleet.attributes.ComputeType === 'EC2');
    }
    expect(new Set(fleets.map((fleet) => fleet.attributes.FleetType))).toEqual(new Set(['ON_DEMAND', 'SPOT']));
    expect(new Set(fleets.map((fleet) => fleet.attributes.ComputeType))).toEqual(new Set(['EC2', 'ANYWHERE']));
    expect(new Set(fleets.map((fleet) => fleet.attributes.OperatingSystem))).toEqual(
      new Set(['AMAZON_LINUX_2023', 'AMAZON_LINUX_2', 'WINDOWS_2016', 'WINDOWS_2022', undefined]),
    );
  });

  it('shares builds and scripts between fleets', () => {
    const onSharedBuild = fleets.filter((fleet) => fleet.attributes.BuildId === BUILDS.shared);
    expect(onSharedBuild.length).toBeGreaterThanOrEqual(3);
    expect(onSharedBuild.map((fleet) => fleet.attributes.FleetId)).toContain(FLEETS.bigActive);
    const realtime = fleets.filter((fleet) => fleet.attributes.ScriptId === SCRIPTS.realtime);
    expect(realtime.length).toBeGreaterThanOrEqual(3);
    for (const fleet of realtime) expect(fleet.attributes.BuildId).toBeUndefined();
  });

  it('stores events newest first with unique ids, owned by their fleet', () => {
    const eventIds = allEvents.map((event) => event.EventId);
    expect(new Set(eventIds).size).toBe(eventIds.length);
    for (const fleet of fleets) {
      fleet.events.forEach((event, i) => {
        expect(event.ResourceId).toBe(fleet.attributes.FleetId);
        expect(event.EventId).toMatch(/^a[0-9a-f]{7}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(event.EventTime).toBeLessThanOrEqual(fleet.events[i - 1]?.EventTime ?? Infinity);
        expect(event.EventTime).toBeGreaterThanOrEqual(fleet.attributes.CreationTime);
      });
    }
  });

  it('has the well-known shapes tests rely on', () => {
    const big = seedFleet(FLEETS.bigActive);
    expect(big.events).toHaveLength(5_000);
    const span = (big.events[0]?.EventTime ?? 0) - (big.events.at(-1)?.EventTime ?? 0);
    expect(span).toBeGreaterThan(28 * 24 * 3600_000);
    expect(seedFleet(FLEETS.pageBoundary).events).toHaveLength(100);
    expect(seedFleet(FLEETS.pageBoundary50).events).toHaveLength(50);
    expect(seedFleet(FLEETS.pageBoundary20).events).toHaveLength(20);
    expect(seedFleet(FLEETS.empty).events).toHaveLength(0);
    expect(seedFleet(FLEETS.justCreated).events.map((event) => event.EventCode)).toEqual(['FLEET_CREATED']);
    expect(seedFleet(FLEETS.sparse).emptyPagesOnTimeFilter).toBe(true);
    expect(fleets.filter((fleet) => fleet.emptyPagesOnTimeFilter)).toHaveLength(1);
    expect(seedFleet(FLEETS.terminated).attributes.Status).toBe('TERMINATED');
    expect(seedFleet(FLEETS.anywhere).attributes.ComputeType).toBe('ANYWHERE');
    expect(seedFleet(FLEETS.spot).attributes.FleetType).toBe('SPOT');
  });

  it('has events sharing one millisecond, and folded repeats with Count 2-101', () => {
    const tied = (id: string) => seedFleet(id).events.filter((event, i, events) => events[i + 1]?.EventTime === event.EventTime);
    expect(tied(FLEETS.bigActive).length).toBeGreaterThan(10);
    expect(tied(FLEETS.spot).some((event) => event.EventCode === 'INSTANCE_INTERRUPTED')).toBe(true);
    const counts = allEvents.flatMap((event) => (event.Count === undefined ? [] : [event.Count]));
    expect(counts.length).toBeGreaterThan(0);
    expect(counts.every((count) => Number.isInteger(count) && count >= 2 && count <= 101)).toBe(true);
  });

  it('uses every known event code, and one fleet carries values newer than the API model', () => {
    expect(new Set(seedFleet(FLEETS.everyCode).events.map((event) => event.EventCode))).toEqual(known);
    const unknownCodes = allEvents.filter((event) => !known.has(event.EventCode));
    expect(unknownCodes.map((event) => [event.ResourceId, event.EventCode])).toEqual([[FLEETS.futureCodes, 'FLEET_HIBERNATION_STARTED']]);
    const unknownStatuses = fleets.filter((fleet) => !KNOWN_STATUSES.includes(fleet.attributes.Status));
    expect(unknownStatuses.map((fleet) => [fleet.attributes.FleetId, fleet.attributes.Status])).toEqual([[FLEETS.futureCodes, 'HIBERNATING']]);
  });

  it('tells a creation story consistent with each fleet status', () => {
    for (const fleet of fleets) {
      const { Status } = fleet.attributes;
      const oldestFirst = [...fleet.events].reverse();
      if (oldestFirst.length === 0) continue;
      expect(oldestFirst[0]?.EventCode).toBe('FLEET_CREATED');
      const stateChanges = oldestFirst.filter((event) => event.EventCode.startsWith('FLEET_STATE_'));
      const lastState = stateChanges.at(-1)?.EventCode.replace('FLEET_STATE_', '') ?? 'NEW';
      if (['DELETING', 'TERMINATED'].includes(Status)) {
        expect(fleet.events[0]?.EventCode).toBe('FLEET_DELETED');
        expect(lastState).toBe('ACTIVE');
      } else if (Status === 'EXPIRED') {
        expect(fleet.events[0]?.EventCode).toBe('FLEET_EXPIRED');
      } else if (Status === 'HIBERNATING') {
        expect(lastState).toBe('ACTIVE');
      } else {
        expect(lastState, fleet.attributes.Name).toBe(Status);
      }
      for (const [i, change] of stateChanges.entries()) {
        const from = stateChanges[i - 1]?.EventCode.replace('FLEET_STATE_', '') ?? 'NEW';
        expect(change.Message).toBe(`Fleet ${fleet.attributes.FleetId} changed state from ${from} to ${change.EventCode.replace('FLEET_STATE_', '')}`);
      }
    }
    const failed = seedFleet(FLEETS.failedCreation);
    expect(failed.attributes.Status).toBe('ERROR');
    expect(failed.events.slice(0, 2).map((event) => event.EventCode)).toEqual(['FLEET_STATE_ERROR', 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND']);
  });

  it('interrupts Spot instances only', () => {
    for (const fleet of fleets) {
      const interrupted = fleet.events.some((event) => event.EventCode === 'INSTANCE_INTERRUPTED');
      if (fleet.attributes.FleetId !== FLEETS.everyCode) expect(interrupted && fleet.attributes.FleetType !== 'SPOT').toBe(false);
    }
    expect(seedFleet(FLEETS.spot).events.some((event) => event.EventCode === 'INSTANCE_INTERRUPTED')).toBe(true);
  });

  it('keeps a log for every creation-phase event, and nothing else', () => {
    const logged = new Set<string>(LOGGED_EVENT_CODES);
    for (const event of allEvents) {
      expect(event.logKey !== undefined).toBe(logged.has(event.EventCode));
      if (event.logKey) {
        expect(event.logKey).toBe(`logs/${event.ResourceId}/events/${event.EventId}/${event.EventCode}.txt`);
        expect(seedData.logs.has(event.logKey)).toBe(true);
      }
    }
    expect(allEvents.filter((event) => event.logKey).length).toBe(seedData.logs.size);
    const failedLogs = seedFleet(FLEETS.failedCreation).events.filter((event) => event.logKey).map((event) => event.EventCode);
    expect(new Set(failedLogs)).toEqual(logged);
  });

  it('has large, multibyte, empty and gzip logs', () => {
    const { large, multibyte, empty, gzip } = seedData.specialLogs;
    expect(seedData.logs.get(large)?.length).toBeGreaterThan(3_000_000);
    expect(decodedLog(large).toString('utf8')).toContain('Install script exited with code 0');

    const text = decodedLog(multibyte).toString('utf8');
    expect(text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/); // 3-byte kana/kanji
    expect(text).toMatch(/\p{Extended_Pictographic}/u); // 4-byte emoji
    expect(text).toContain('é'); // 2-byte
    expect([...text].filter((char) => (char.codePointAt(0) ?? 0) > 0x7f).length).toBeGreaterThan(2_000);

    expect(seedData.logs.get(empty)?.length).toBe(0);

    const gzipped = seedData.logs.get(gzip) ?? Buffer.alloc(0);
    expect(gzipped.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(decodedLog(gzip).equals(gunzipSync(gzipped))).toBe(true);
    expect(decodedLog(gzip).toString('utf8')).toContain('Extraction complete');
    const gzipEvent = allEvents.find((event) => event.logKey === gzip);
    expect(gzipEvent?.logContentEncoding).toBe('gzip');
    expect(allEvents.filter((event) => event.logContentEncoding)).toHaveLength(1);
  });

  it('is read-only', () => {
    expect(Object.isFrozen(seedData.fleets)).toBe(true);
    expect(Object.isFrozen(seedData.fleets[0]?.events[0])).toBe(true);
  });
});
