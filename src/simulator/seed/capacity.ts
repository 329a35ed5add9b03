import { regionOfArn } from './aws-ids.js';
import type { FleetStory } from './narrator.js';
import { Rng } from './rng.js';
import type { FleetSizing, SeedFleetAttributes, SeedFleetCapacity, SeedFleetUtilization, SeedInstanceCounts } from './types.js';

/** A fleet's size, drawn from a generator of its own so adding fields elsewhere never changes it. */
export function sizeFleet(fleetId: string, story: Pick<FleetStory, 'minInstances' | 'maxInstances' | 'desiredInstances'>): FleetSizing {
  const rng = Rng.forKey(`capacity:${fleetId}`);
  return {
    minimum: story.minInstances,
    maximum: story.maxInstances,
    desired: story.desiredInstances,
    processesPerInstance: rng.pick([1, 2, 4, 5, 8, 10, 16]),
    playersPerSession: rng.pick([2, 4, 8, 10, 16, 32, 64, 100]),
    sessionShare: 0.2 + 0.75 * rng.next(),
    playerShare: 0.3 + 0.7 * rng.next(),
    terminating: rng.chance(0.1) ? 1 : 0,
  };
}

/** Statuses of a fleet on its way to its first ACTIVE. */
const CREATING = new Set(['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING']);

/** CreateFleet's limits; customers raise them once the fleet is ACTIVE, which seeded fleets did. */
const CREATE_FLEET_LIMITS = { MINIMUM: 0, MAXIMUM: 1 } as const;

/** Counts in the order GameLift lists them; every count not named is 0. */
const counts = (named: Partial<SeedInstanceCounts>): SeedInstanceCounts => ({
  DESIRED: named.DESIRED ?? 0,
  MINIMUM: named.MINIMUM ?? 0,
  MAXIMUM: named.MAXIMUM ?? 0,
  PENDING: named.PENDING ?? 0,
  ACTIVE: named.ACTIVE ?? 0,
  IDLE: named.IDLE ?? 0,
  TERMINATING: named.TERMINATING ?? 0,
});

interface Load {
  readonly processes: number;
  readonly sessions: number;
  readonly maximumPlayers: number;
  readonly players: number;
}

const IDLE_LOAD: Load = { processes: 0, sessions: 0, maximumPlayers: 0, players: 0 };

/** What an ACTIVE fleet runs on `instances` instances (or ANYWHERE computes). */
function load(sizing: FleetSizing, instances: number): Load {
  const processes = instances * sizing.processesPerInstance;
  const sessions = Math.round(processes * sizing.sessionShare);
  const maximumPlayers = sessions * sizing.playersPerSession;
  return { processes, sessions, maximumPlayers, players: Math.round(maximumPlayers * sizing.playerShare) };
}

function instanceCounts(status: string, sizing: FleetSizing): SeedInstanceCounts {
  const { minimum, maximum, desired } = sizing;
  if (status === 'ACTIVE') {
    // Sessions fill processes instance by instance, so the instances left without one are idle.
    const busy = Math.ceil(load(sizing, desired).sessions / sizing.processesPerInstance);
    return counts({ DESIRED: desired, MINIMUM: minimum, MAXIMUM: maximum, ACTIVE: desired, IDLE: desired - busy, TERMINATING: sizing.terminating });
  }
  // Creation runs on one instance, requested once the fleet leaves NEW.
  if (CREATING.has(status)) return counts({ ...CREATE_FLEET_LIMITS, DESIRED: 1, PENDING: status === 'NEW' ? 0 : 1 });
  if (status === 'ERROR') return counts(CREATE_FLEET_LIMITS);
  // Deletion scales to zero first; the fleet's instances are still on their way out.
  if (status === 'DELETING') return counts({ MAXIMUM: maximum, TERMINATING: desired });
  // EXPIRED, HIBERNATING and statuses newer than the model: no instances running.
  return counts({ MAXIMUM: maximum });
}

/** DescribeFleetCapacity's record; none for TERMINATED fleets or ANYWHERE ones (no instances). */
export function fleetCapacity(attributes: SeedFleetAttributes, sizing: FleetSizing): SeedFleetCapacity | undefined {
  if (attributes.Status === 'TERMINATED' || attributes.ComputeType === 'ANYWHERE') return undefined;
  return {
    FleetId: attributes.FleetId,
    FleetArn: attributes.FleetArn,
    ...(attributes.InstanceType === undefined ? {} : { InstanceType: attributes.InstanceType }),
    InstanceCounts: instanceCounts(attributes.Status, sizing),
    // The home Region, the one the fleet ARN names.
    Location: regionOfArn(attributes.FleetArn),
  };
}

/** DescribeFleetUtilization's record: busy only while ACTIVE (ANYWHERE: on its computes), none once TERMINATED. */
export function fleetUtilization(attributes: SeedFleetAttributes, sizing: FleetSizing): SeedFleetUtilization | undefined {
  if (attributes.Status === 'TERMINATED') return undefined;
  const active = attributes.Status === 'ACTIVE' ? load(sizing, sizing.desired) : IDLE_LOAD;
  return {
    FleetId: attributes.FleetId,
    FleetArn: attributes.FleetArn,
    ActiveServerProcessCount: active.processes,
    ActiveGameSessionCount: active.sessions,
    CurrentPlayerSessionCount: active.players,
    MaximumPlayerSessionCount: active.maximumPlayers,
    Location: regionOfArn(attributes.FleetArn),
  };
}
