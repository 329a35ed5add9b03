import { CreationEvents } from './creation/events.js';
import { FleetBatches } from './fleets/batches.js';
import { FleetEvents } from './events/fleet-events.js';
import { fleetIdPages, type FleetListFilters } from './fleets/list.js';
import type { PagedSource } from './paging/pagination.js';
import type { CallOptions, GameLiftUpstream } from './upstream/upstream.js';

/**
 * GameLift as one GraphQL request sees it, split by job: per-fleet records in batches, event
 * pages, and the fleet list. Every part calls GameLift through the one upstream path. Create
 * one per request, so that nothing a request loads is served to another but through that path.
 */
export interface GameLiftAccess {
  readonly fleets: FleetBatches;
  readonly events: FleetEvents;
  /** The events of fleets' creation periods, read in time windows around their CreationTime. */
  readonly creation: CreationEvents;
  fleetIds(filters: FleetListFilters): PagedSource<string>;
}

export interface GameLiftAccessSettings {
  /** Most fleet ids per batched call (DescribeFleetAttributes and the like). */
  readonly maxFleetIdsPerCall: number;
}

export function gameLiftAccess(upstream: GameLiftUpstream, settings: GameLiftAccessSettings, options: CallOptions): GameLiftAccess {
  const fleets = new FleetBatches(upstream, settings.maxFleetIdsPerCall, options);
  const events = new FleetEvents(upstream, options);
  return {
    fleets,
    events,
    creation: new CreationEvents(fleets, events),
    fleetIds: (filters) => fleetIdPages(upstream, filters, options),
  };
}
