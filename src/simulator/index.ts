/**
 * Embedded GameLift simulator: an AWS JSON 1.1 endpoint for ListFleets, DescribeFleetAttributes,
 * DescribeFleetCapacity, DescribeFleetUtilization, DescribeFleetEvents and the DescribeFleetLocation*
 * operations, for several Regions (told apart by SigV4 scope), plus an S3-shaped store
 * for the events' presigned log URLs, serving deterministic seed data and, per simulator, fleets
 * and events a test adds while it runs. Point any GameLift client at `sim.url`.
 */
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export type { ApiCall } from './call-log.js';
export { DEFAULT_REGIONS, SEED_REGION } from './regions.js';
export type { Faults } from './faults.js';
export type { SimulatorStats } from './stats.js';
export { ControlError } from './live/control-error.js';
export type { AppendedEvent, CreateFleetOptions, FleetOutcome } from './live/inputs.js';
export { MAX_APPENDED_EVENTS_PER_FLEET, MAX_CREATED_FLEETS, type CreatedFleet } from './live/live-fleets.js';
export {
  BUILDS,
  FAILURE_EVENT_CODES,
  FLEETS,
  KNOWN_EVENT_CODES,
  LOGGED_EVENT_CODES,
  SCRIPTS,
  SEED_NOW,
  decodedLog,
  seedFleet,
  seedData,
  type FailureEventCode,
  type FleetSizing,
  type KnownEventCode,
  type LoggedEventCode,
  type SeedData,
  type SeedEvent,
  type SeedFleet,
  type SeedFleetAttributes,
  type SeedFleetCapacity,
  type SeedFleetUtilization,
  type SeedInstanceCounts,
  type SpecialLogKeys,
} from './seed/index.js';
