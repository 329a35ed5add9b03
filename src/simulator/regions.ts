import { fleetArn, REGION } from './seed/aws-ids.js';
import { seedData } from './seed/index.js';
import { Rng } from './seed/rng.js';
import type { SeedFleet } from './seed/types.js';

/** The Region the seed's fleets are homed in, and the one a request without a SigV4 scope goes to. */
export const SEED_REGION = REGION;

/** What a simulator serves unless told otherwise: the seed's Region and one more, so that the demo shows two. */
export const DEFAULT_REGIONS: readonly string[] = [SEED_REGION, 'eu-central-1'];

/** Fleets a Region other than the seed's is seeded with. */
const REGIONAL_FLEETS = 8;


/**
 * The seeded fleets of `region`: the seed itself in SEED_REGION; elsewhere, copies of a few of
 * the seed's ACTIVE and ERROR build fleets under ids, ARNs and event ids of their own (derived
 * from the Region, so every simulator agrees), with the same histories and logs. Deterministic.
 */
export function regionalFleets(region: string): readonly SeedFleet[] {
  if (region === SEED_REGION) return seedData.fleets;
  // Single-location fleets only: a remote location of a copy could be its own home Region.
  const candidates = seedData.fleets.filter((fleet) => fleet.attributes.BuildId && fleet.capacity && !fleet.locations && /^(ACTIVE|ERROR)$/.test(fleet.attributes.Status));
  const chosen = new Set(Rng.forKey(`region:${region}`).shuffle([...candidates]).slice(0, REGIONAL_FLEETS));
  return Object.freeze(candidates.filter((fleet) => chosen.has(fleet)).map((fleet) => rehome(fleet, region)));
}

function rehome(fleet: SeedFleet, region: string): SeedFleet {
  const rng = Rng.forKey(`rehome:${region}:${fleet.attributes.FleetId}`);
  const FleetId = `fleet-${rng.uuid()}`;
  const FleetArn = fleetArn(FleetId, region);
  const renamed = (text: string) => text.replaceAll(fleet.attributes.FleetId, FleetId);
  const { capacity, utilization } = fleet;
  return Object.freeze({
    ...fleet,
    attributes: Object.freeze({ ...fleet.attributes, FleetId, FleetArn, Description: `${fleet.attributes.Description} (${region})` }),
    events: Object.freeze(fleet.events.map((event) => Object.freeze({ ...event, EventId: `a${rng.uuid().slice(1)}`, ResourceId: FleetId, Message: renamed(event.Message) }))),
    ...(capacity ? { capacity: Object.freeze({ ...capacity, FleetId, FleetArn, Location: region }) } : {}),
    ...(utilization ? { utilization: Object.freeze({ ...utilization, FleetId, FleetArn, Location: region }) } : {}),
  });
}

/** The Region of a SigV4-signed request, from its credential scope (`Credential=AKID/date/region/gamelift/aws4_request`). */
export function regionOfRequest(authorization: string | string[] | undefined): string | undefined {
  if (typeof authorization !== 'string') return undefined;
  return /Credential=[^/,\s]+\/\d{8}\/([a-z0-9-]+)\/gamelift\/aws4_request/.exec(authorization)?.[1];
}
