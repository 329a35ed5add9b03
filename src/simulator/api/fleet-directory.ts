import type { SeedFleet } from '../seed/index.js';

/** Seeded fleets in store order, found by id or by their exact ARN. */
export class FleetDirectory {
  private readonly byReference = new Map<string, SeedFleet>();

  constructor(readonly fleets: readonly SeedFleet[]) {
    for (const fleet of fleets) {
      this.byReference.set(fleet.attributes.FleetId, fleet);
      this.byReference.set(fleet.attributes.FleetArn, fleet);
    }
  }

  /** An ARN of another account or region names another fleet, so it finds nothing here. */
  find(idOrArn: string): SeedFleet | undefined {
    return this.byReference.get(idOrArn);
  }
}
