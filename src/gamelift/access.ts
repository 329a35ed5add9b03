import { CreationEvents } from './creation/events.js';
import { FleetBatches } from './fleets/batches.js';
import { FleetEvents } from './events/fleet-events.js';
import { fleetIdPages, type FleetListFilters } from './fleets/list.js';
import { FleetLocations, type SingleLocationRegions } from './fleets/locations.js';
import { fleetAttributes } from './fleets/records.js';
import type { FleetRegionMemory } from './fleets/region-memory.js';
import type { PagedSource } from './paging/pagination.js';
import { regionOfArn, type RegionSet } from './regions.js';
import type { CallOptions, GameLiftUpstream } from './upstream/upstream.js';

/** GameLift in one Region as one GraphQL request sees it, split by job. */
export interface RegionalAccess {
  readonly region: string;
  readonly fleets: FleetBatches;
  readonly events: FleetEvents;
  /** The events of fleets' creation periods, read in time windows around their CreationTime. */
  readonly creation: CreationEvents;
  /** Where fleets run: their home Region and remote locations. */
  readonly locations: FleetLocations;
  fleetIds(filters: FleetListFilters): PagedSource<string>;
}

/**
 * GameLift as one GraphQL request sees it: every Region served, each through its own upstream
 * path (budget, cache, metrics). Create one per request, so that nothing a request loads is
 * served to another but through that path.
 */
export interface GameLiftAccess {
  readonly regions: RegionSet;
  /** The access of a Region served (see `regions.all`). */
  in(region: string): RegionalAccess;
  /**
   * The home Region of a fleet named by id or ARN: an ARN's own (undefined when it is not served);
   * a bare id's as remembered, or found with one batched DescribeFleetAttributes per Region
   * served (the first, in GAMELIFT_REGIONS order, that knows it); undefined when none does.
   */
  locate(idOrArn: string): Promise<string | undefined>;
}

export interface GameLiftAccessSettings {
  /** Most fleet ids per batched call (DescribeFleetAttributes and the like). */
  readonly maxFleetIdsPerCall: number;
  readonly regions: RegionSet;
  readonly upstreams: ReadonlyMap<string, GameLiftUpstream>;
  readonly fleetRegions: FleetRegionMemory;
  readonly singleLocationRegions: SingleLocationRegions;
}

export function gameLiftAccess(settings: GameLiftAccessSettings, options: CallOptions): GameLiftAccess {
  const { regions, upstreams, fleetRegions } = settings;
  const byRegion = new Map<string, RegionalAccess>();
  const regional = (region: string): RegionalAccess => {
    let access = byRegion.get(region);
    if (!access) {
      const upstream = upstreams.get(region);
      if (!upstream) throw new Error(`${region} is not served`);
      const fleets = new FleetBatches(upstream, settings.maxFleetIdsPerCall, options);
      const events = new FleetEvents(upstream, region, options);
      access = {
        region,
        fleets,
        events,
        creation: new CreationEvents(fleets, events),
        locations: new FleetLocations(upstream, region, fleets, settings.singleLocationRegions, options),
        fleetIds: (filters) => fleetIdPages(upstream, filters, options),
      };
      byRegion.set(region, access);
    }
    return access;
  };
  return {
    regions,
    in: regional,
    locate: async (idOrArn) => {
      const arnRegion = regionOfArn(idOrArn);
      if (arnRegion !== undefined) return regions.all.includes(arnRegion) ? arnRegion : undefined;
      const [only] = regions.all;
      if (regions.all.length === 1) return only;
      const remembered = fleetRegions.get(idOrArn);
      if (remembered !== undefined && regions.all.includes(remembered)) return remembered;
      // Every Region asked at once, each in the batch of this request's other lookups there.
      const found = await Promise.all(regions.all.map((region) => regional(region).fleets.load(fleetAttributes, idOrArn)));
      const home = regions.all.find((_, i) => found[i] != null);
      if (home !== undefined) fleetRegions.remember(idOrArn, home);
      return home;
    },
  };
}
