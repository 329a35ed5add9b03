import type { FleetEventRecord } from '../gamelift/events/fleet-events.js';
import { fleetIdOf } from '../gamelift/fleets/ids.js';
import { builder } from './builder.js';

/**
 * A fleet as the schema passes it around: just what names it. Its records (attributes,
 * capacity, …) are loaded, batched, only by the fields that need them.
 */
export interface FleetKey {
  /** The fleet id, also when it was named by ARN. */
  readonly fleetId: string;
  /** How GameLift is asked about it: the id or ARN as given. */
  readonly ref: string;
  /** Its home Region, one of those served: whose GameLift is asked. */
  readonly region: string;
}

export const fleetKey = (idOrArn: string, region: string): FleetKey => ({ fleetId: fleetIdOf(idOrArn), ref: idOrArn, region });

/** Declared apart from their fields so Fleet and FleetEvent can refer to each other. */
export const FleetRef = builder.objectRef<FleetKey>('Fleet');
export const FleetEventRef = builder.objectRef<FleetEventRecord>('FleetEvent');
