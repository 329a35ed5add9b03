import { gunzipSync } from 'node:zlib';
import { fleetAttributes } from './attributes.js';
import { fleetCapacity, fleetUtilization, sizeFleet } from './capacity.js';
import { catalog } from './catalog.js';
import { writeHistory, type EventDraft } from './history.js';
import { withRemoteLocations } from './locations.js';
import { logKeyFor } from './logs.js';
import type { FleetPlan, SpecialLogKind } from './plan.js';
import { Rng } from './rng.js';
import type { SeedData, SeedEvent, SeedFleet, SpecialLogKeys } from './types.js';

export {
  FAILURE_EVENT_CODES,
  KNOWN_EVENT_CODES,
  LOGGED_EVENT_CODES,
  type FailureEventCode,
  type KnownEventCode,
  type LoggedEventCode,
} from './event-codes.js';
export { BUILDS, FLEETS, SCRIPTS } from './well-known.js';
export { SEED_NOW } from './aws-ids.js';
export type {
  FleetSizing,
  SeedData,
  SeedEvent,
  SeedFleet,
  SeedFleetAttributes,
  SeedFleetCapacity,
  SeedFleetUtilization,
  SeedInstanceCounts,
  SeedLocation,
  SpecialLogKeys,
} from './types.js';

/** Accumulates the log store while events are numbered. */
class LogShelf {
  readonly objects = new Map<string, Buffer>();
  private readonly special: Partial<Record<SpecialLogKind, string>> = {};

  shelve(fleetId: string, eventId: string, draft: EventDraft): Pick<SeedEvent, 'logKey' | 'logContentEncoding'> {
    if (!draft.log) return {};
    const logKey = logKeyFor(fleetId, eventId, draft.code);
    this.objects.set(logKey, draft.log.bytes);
    if (draft.log.special) this.special[draft.log.special] = logKey;
    return draft.log.encoding ? { logKey, logContentEncoding: draft.log.encoding } : { logKey };
  }

  specialKeys(): SpecialLogKeys {
    const { large, multibyte, empty, gzip } = this.special;
    if (!large || !multibyte || !empty || !gzip) throw new Error('The catalogue must plan every special log kind');
    return Object.freeze({ large, multibyte, empty, gzip });
  }
}

function buildFleet(plan: FleetPlan, shelf: LogShelf, eventIds: Set<string>): SeedFleet {
  const history = writeHistory(plan);
  const ids = Rng.forKey(`event-ids:${plan.id}`);
  const events = history.events.map((draft): SeedEvent => {
    // GameLift event ids are UUIDs; the leading 'a' makes them recognisable as event ids.
    const EventId = `a${ids.uuid().slice(1)}`;
    if (eventIds.has(EventId)) throw new Error(`Duplicate event id ${EventId}`);
    eventIds.add(EventId);
    return Object.freeze({
      EventId,
      ResourceId: plan.id,
      EventCode: draft.code,
      Message: draft.message,
      EventTime: draft.time,
      ...(draft.count === undefined ? {} : { Count: draft.count }),
      ...shelf.shelve(plan.id, EventId, draft),
    });
  });
  events.reverse();
  events.forEach((event, i) => {
    const newer = events[i - 1];
    if (newer && newer.EventTime < event.EventTime) throw new Error(`${plan.name}: events are not newest first at ${i}`);
  });
  const attributes = Object.freeze(fleetAttributes(plan, history.story));
  const sizing = Object.freeze(sizeFleet(plan.id, history.story));
  const capacity = fleetCapacity(attributes, sizing);
  const utilization = fleetUtilization(attributes, sizing);
  return Object.freeze({
    attributes,
    events: Object.freeze(events),
    emptyPagesOnTimeFilter: plan.emptyPagesOnTimeFilter,
    sizing,
    ...(capacity === undefined ? {} : { capacity: Object.freeze({ ...capacity, InstanceCounts: Object.freeze(capacity.InstanceCounts) }) }),
    ...(utilization === undefined ? {} : { utilization: Object.freeze(utilization) }),
  });
}

/** Seeded fleets with remote locations. */
const MULTI_LOCATION_FLEETS = 3;

/** Builds the whole data set; deterministic, so every call returns equal data. */
export function createSeedData(): SeedData {
  const shelf = new LogShelf();
  const eventIds = new Set<string>();
  const fleetIds = new Set<string>();
  const built = catalog().map((plan) => {
    if (fleetIds.has(plan.id)) throw new Error(`Duplicate fleet id ${plan.id}`);
    fleetIds.add(plan.id);
    return buildFleet(plan, shelf, eventIds);
  });
  // The live production fleets of the first games run in remote locations too.
  const multiLocation = new Set(built.filter((fleet) => /-prod-usw2-blue$/.test(fleet.attributes.Name) && fleet.attributes.Status === 'ACTIVE').slice(0, MULTI_LOCATION_FLEETS));
  const fleets = built.map((fleet) => (multiLocation.has(fleet) ? withRemoteLocations(fleet, eventIds) : fleet));
  return Object.freeze({ fleets: Object.freeze(fleets), logs: shelf.objects, specialLogs: shelf.specialKeys() });
}

/** The data every simulator serves (built once per process, ~0.3 s). */
export const seedData: SeedData = createSeedData();

const gzipKeys = new Set(
  seedData.fleets.flatMap((fleet) => fleet.events.filter((event) => event.logContentEncoding === 'gzip').map((event) => event.logKey)),
);

/** A seeded fleet by id, for tests and tools that compare what they were served with the seed. */
export function seedFleet(fleetId: string): SeedFleet {
  const fleet = seedData.fleets.find((candidate) => candidate.attributes.FleetId === fleetId);
  if (!fleet) throw new RangeError(`No seeded fleet ${fleetId}`);
  return fleet;
}

/** A log's text bytes as a client sees them after Content-Encoding is undone. */
export function decodedLog(key: string): Buffer {
  const stored = seedData.logs.get(key);
  if (!stored) throw new RangeError(`No seeded log ${key}`);
  return gzipKeys.has(key) ? gunzipSync(stored) : stored;
}
