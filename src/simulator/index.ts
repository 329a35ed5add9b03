/**
 * Embedded GameLift simulator: an AWS JSON 1.1 endpoint for ListFleets, DescribeFleetAttributes
 * and DescribeFleetEvents plus an S3-shaped store for the events' presigned log URLs, serving
 * deterministic seed data. Point any GameLift client at `sim.url`.
 */
export { startSimulator, type Simulator, type SimulatorOptions } from './simulator.js';
export type { Faults } from './faults.js';
export type { SimulatorStats } from './stats.js';
export {
  BUILDS,
  FLEETS,
  KNOWN_EVENT_CODES,
  LOGGED_EVENT_CODES,
  SCRIPTS,
  SEED_NOW,
  decodedLog,
  seedFleet,
  seedData,
  type KnownEventCode,
  type LoggedEventCode,
  type SeedData,
  type SeedEvent,
  type SeedFleet,
  type SeedFleetAttributes,
  type SpecialLogKeys,
} from './seed/index.js';
