import type { SeedFleet } from '../seed/index.js';

/**
 * What operations read of a fleet: the seed's shape. A seeded fleet is one as it stands; a live
 * fleet (see live/live-fleet.ts) computes its fields as it changes.
 */
export type FleetView = SeedFleet;

/**
 * One simulator's fleets in store order, found by id or by their exact ARN. It starts as the seed;
 * live fleets are added at the end, and a seeded fleet a test changes is swapped for its live
 * overlay in place, so store order (and every list NextToken) stays put.
 */
export class FleetDirectory {
  private readonly list: FleetView[];
  private readonly byReference = new Map<string, FleetView>();

  constructor(fleets: readonly FleetView[]) {
    this.list = [...fleets];
    for (const fleet of fleets) this.index(fleet);
  }

  get fleets(): readonly FleetView[] {
    return this.list;
  }

  /** An ARN of another account or region names another fleet, so it finds nothing here. */
  find(idOrArn: string): FleetView | undefined {
    return this.byReference.get(idOrArn);
  }

  add(fleet: FleetView): void {
    if (this.byReference.has(fleet.attributes.FleetId)) throw new Error(`Duplicate fleet id ${fleet.attributes.FleetId}`);
    this.list.push(fleet);
    this.index(fleet);
  }

  /** Puts `fleet` where the fleet of the same id stands. */
  replace(fleet: FleetView): void {
    const current = this.find(fleet.attributes.FleetId);
    const at = current === undefined ? -1 : this.list.indexOf(current);
    if (at < 0) throw new Error(`No fleet ${fleet.attributes.FleetId} to replace`);
    this.list[at] = fleet;
    this.index(fleet);
  }

  private index(fleet: FleetView): void {
    this.byReference.set(fleet.attributes.FleetId, fleet);
    this.byReference.set(fleet.attributes.FleetArn, fleet);
  }
}
