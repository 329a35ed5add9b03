import { HOUR, MINUTE } from './aws-ids.js';
import { Rng } from './rng.js';
import type { FleetSizing, SeedEvent, SeedFleet, SeedLocation } from './types.js';

/** The remote locations of a multi-location fleet, and the state each stands in. */
const REMOTE_LOCATIONS: readonly (readonly [string, string])[] = [
  ['us-east-1', 'ACTIVE'],
  ['eu-west-1', 'ACTIVE'],
  ['ap-northeast-1', 'ERROR'],
  ['sa-east-1', 'ACTIVATING'],
];

/** The LOCATION_STATE_* steps a location went through to reach its state. */
const STEPS: Readonly<Record<string, readonly string[]>> = {
  ACTIVE: ['LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_CREATED', 'LOCATION_STATE_ACTIVATING', 'LOCATION_STATE_ACTIVE'],
  ERROR: ['LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_ERROR'],
  ACTIVATING: ['LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_CREATED', 'LOCATION_STATE_ACTIVATING'],
};

function counts(status: string, sizing: FleetSizing) {
  const zero = { DESIRED: 0, MINIMUM: 0, MAXIMUM: sizing.maximum, PENDING: 0, ACTIVE: 0, IDLE: 0, TERMINATING: 0 };
  if (status === 'ACTIVE') {
    const desired = Math.max(1, Math.ceil(sizing.desired / 2));
    return { ...zero, DESIRED: desired, MINIMUM: Math.min(sizing.minimum, desired), ACTIVE: desired, IDLE: Math.floor(desired / 2) };
  }
  if (status === 'ACTIVATING') return { ...zero, DESIRED: 1, PENDING: 1 };
  return zero;
}

/**
 * A fleet given remote locations (some ACTIVE, one ERROR, one ACTIVATING), each with capacity and
 * utilization that agree with its state, and the LOCATION_STATE_* events that brought each there,
 * written into the last hours of the fleet's event log, newest first like the rest.
 */
export function withRemoteLocations(fleet: SeedFleet, eventIds: Set<string>): SeedFleet {
  const { FleetId, FleetArn, InstanceType } = fleet.attributes;
  // The states now: reached in the last hours of the fleet's log, after whatever its history did with locations.
  const recent = (fleet.events[0]?.EventTime ?? fleet.attributes.CreationTime) - 3 * HOUR;
  const rng = Rng.forKey(`locations:${FleetId}`);
  const added: SeedEvent[] = [];
  const locations = REMOTE_LOCATIONS.map(([Location, Status], i): SeedLocation => {
    const start = recent + i * 20 * MINUTE;
    (STEPS[Status] ?? []).forEach((code, step) => {
      const EventId = `a${rng.uuid().slice(1)}`;
      if (eventIds.has(EventId)) throw new Error(`Duplicate event id ${EventId}`);
      eventIds.add(EventId);
      const state = code.replace('LOCATION_STATE_', '');
      added.push({ EventId, ResourceId: FleetId, EventCode: code, Message: `Location ${Location} of fleet ${FleetId} is ${state}.`, EventTime: start + step * 90_000 });
    });
    const instances = counts(Status, fleet.sizing);
    const processes = instances.ACTIVE * fleet.sizing.processesPerInstance;
    const sessions = Math.round(processes * fleet.sizing.sessionShare);
    const maximumPlayers = sessions * fleet.sizing.playersPerSession;
    return Object.freeze({
      Location,
      Status,
      ...(Status === 'ERROR' ? { StoppedActions: Object.freeze(['AUTO_SCALING']) } : {}),
      capacity: Object.freeze({ FleetId, FleetArn, ...(InstanceType ? { InstanceType } : {}), InstanceCounts: Object.freeze(instances), Location }),
      utilization: Object.freeze({
        FleetId,
        FleetArn,
        ActiveServerProcessCount: processes,
        ActiveGameSessionCount: sessions,
        CurrentPlayerSessionCount: Math.round(maximumPlayers * fleet.sizing.playerShare),
        MaximumPlayerSessionCount: maximumPlayers,
        Location,
      }),
    });
  });
  const events = [...fleet.events, ...added].sort((a, b) => b.EventTime - a.EventTime);
  return Object.freeze({ ...fleet, events: Object.freeze(events), locations: Object.freeze(locations) });
}
