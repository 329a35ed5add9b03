import type { FleetCapacity, FleetUtilization } from '@aws-sdk/client-gamelift';
import { GatewayError } from '../errors.js';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';
import type { FleetBatches } from './batches.js';
import { fleetAttributes, fleetCapacity, fleetUtilization } from './records.js';

/** One place a fleet runs: its home Region or a remote location. */
export interface FleetLocationRecord {
  readonly fleetRef: string;
  readonly location: string;
  readonly home: boolean;
  /** A FleetStatus as GameLift sent it. */
  readonly status: string | undefined;
  readonly stoppedActions: readonly string[];
  readonly updateStatus: string | undefined;
}

/** Pages of DescribeFleetLocationAttributes one fleet's locations are read in, at most (100 locations each). */
const MAX_LOCATION_PAGES = 5;
const LOCATION_PAGE_SIZE = 100;

/**
 * Home Regions known to offer no multi-location fleets (GameLift answered UnsupportedRegionException):
 * their fleets' locations are built from what is known, with no further location call, for the
 * gateway's life.
 */
export type SingleLocationRegions = Set<string>;

/**
 * The locations of fleets of one Region, for one GraphQL request: DescribeFleetLocationAttributes
 * (paged) once per fleet, and each location's capacity and utilization only when asked. The home
 * Region comes first, its status and stopped actions those of the fleet's attributes, its capacity
 * and utilization the batched DescribeFleetCapacity/Utilization records. A fleet with no remote
 * location (GameLift answers InvalidRequestException), or in a Region without multi-location
 * fleets, has its home location alone, at no call beyond those batches.
 */
export class FleetLocations {
  private readonly lists = new Map<string, Promise<readonly FleetLocationRecord[] | null>>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly region: string,
    private readonly fleets: FleetBatches,
    private readonly singleLocation: SingleLocationRegions,
    private readonly options: CallOptions,
  ) {}

  /** Every location of the fleet, the home Region first; null when GameLift does not know the fleet. */
  of(fleetRef: string): Promise<readonly FleetLocationRecord[] | null> {
    let list = this.lists.get(fleetRef);
    if (!list) {
      list = this.read(fleetRef);
      this.lists.set(fleetRef, list);
    }
    return list;
  }

  async capacity({ fleetRef, location, home }: FleetLocationRecord): Promise<FleetCapacity | null> {
    if (home) return this.fleets.load(fleetCapacity, fleetRef);
    const output = await this.upstream.send('DescribeFleetLocationCapacity', { FleetId: fleetRef, Location: location }, this.options);
    return output.FleetCapacity ?? null;
  }

  async utilization({ fleetRef, location, home }: FleetLocationRecord): Promise<FleetUtilization | null> {
    if (home) return this.fleets.load(fleetUtilization, fleetRef);
    const output = await this.upstream.send('DescribeFleetLocationUtilization', { FleetId: fleetRef, Location: location }, this.options);
    return output.FleetUtilization ?? null;
  }

  private async read(fleetRef: string): Promise<readonly FleetLocationRecord[] | null> {
    const [attributes, remote] = await Promise.all([this.fleets.load(fleetAttributes, fleetRef), this.remote(fleetRef)]);
    if (!attributes) return null;
    const homeAnswer = remote.find((entry) => entry.LocationState?.Location === this.region);
    const home: FleetLocationRecord = {
      fleetRef,
      location: this.region,
      home: true,
      status: attributes.Status,
      stoppedActions: attributes.StoppedActions ?? [],
      updateStatus: homeAnswer?.UpdateStatus,
    };
    const others = remote
      .filter((entry) => entry.LocationState?.Location && entry.LocationState.Location !== this.region)
      .map((entry) => ({
        fleetRef,
        location: entry.LocationState?.Location ?? '',
        home: false,
        status: entry.LocationState?.Status,
        stoppedActions: entry.StoppedActions ?? [],
        updateStatus: entry.UpdateStatus,
      }));
    return [home, ...others];
  }

  /** What DescribeFleetLocationAttributes lists; nothing for a fleet without remote locations or a Region without them. */
  private async remote(fleetRef: string) {
    if (this.singleLocation.has(this.region)) return [];
    const entries = [];
    let token: string | undefined;
    try {
      for (let page = 0; page < MAX_LOCATION_PAGES; page++) {
        const output = await this.upstream.send('DescribeFleetLocationAttributes', { FleetId: fleetRef, Limit: LOCATION_PAGE_SIZE, NextToken: token }, this.options);
        entries.push(...(output.LocationAttributes ?? []));
        token = output.NextToken;
        if (!token) break;
      }
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      if (error.code === 'UPSTREAM_UNSUPPORTED_REGION') {
        this.singleLocation.add(this.region);
        return [];
      }
      // GameLift's answer for a fleet without remote locations; an unknown fleet shows as null through its attributes.
      if (error.code === 'UPSTREAM_INVALID_REQUEST' || error.code === 'NOT_FOUND') return [];
      throw error;
    }
    return entries;
  }
}
