import { LRUCache } from 'lru-cache';

/** Fleet ids whose home Region was found: enough for every fleet of a large estate, about 100 bytes each. */
const MAX_REMEMBERED = 50_000;

/**
 * The home Region of bare fleet ids, once found, for the gateway's life: a fleet never changes its
 * home Region, so a bare id is looked for across Regions once. (A deleted fleet's id is never
 * reused: its entry only ages out.)
 */
export class FleetRegionMemory {
  private readonly regions = new LRUCache<string, string>({ max: MAX_REMEMBERED });

  get(fleetId: string): string | undefined {
    return this.regions.get(fleetId);
  }

  remember(fleetId: string, region: string): void {
    this.regions.set(fleetId, region);
  }
}
