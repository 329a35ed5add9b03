import { firstNotNewerThan } from '../api/event-positions.js';
import type { FleetView } from '../api/fleet-directory.js';
import { fleetCapacity, fleetUtilization } from '../seed/capacity.js';
import type { FleetSizing, SeedEvent, SeedFleetAttributes, SeedFleetCapacity, SeedFleetUtilization, SeedLocation } from '../seed/index.js';

/**
 * A fleet one simulator changes while it runs: created through the control API, or a seeded fleet
 * with events added or deleted (its own copy; the shared seed stays untouched). Capacity and
 * utilization follow the current status by the same rules as the seed's.
 */
export class LiveFleet implements FleetView {
  readonly emptyPagesOnTimeFilter: boolean;
  readonly sizing: FleetSizing;
  readonly locations: readonly SeedLocation[] | undefined;
  /** Events added through appendEvents, counted against the per-fleet bound. */
  appended = 0;
  private current: SeedFleetAttributes;
  private readonly list: SeedEvent[];

  constructor(start: FleetView) {
    this.current = start.attributes;
    this.list = [...start.events];
    this.emptyPagesOnTimeFilter = start.emptyPagesOnTimeFilter;
    this.sizing = start.sizing;
    this.locations = start.locations;
  }

  get attributes(): SeedFleetAttributes {
    return this.current;
  }

  get events(): readonly SeedEvent[] {
    return this.list;
  }

  get capacity(): SeedFleetCapacity | undefined {
    return fleetCapacity(this.current, this.sizing);
  }

  get utilization(): SeedFleetUtilization | undefined {
    return fleetUtilization(this.current, this.sizing);
  }

  /** Epoch ms for an event happening now: the wall clock, but strictly after the newest event. */
  nextEventTime(): number {
    return Math.max(Date.now(), (this.list[0]?.EventTime ?? -Infinity) + 1);
  }

  /** Puts the event in newest-first order, first among events of the same millisecond (it is the latest written). */
  add(event: SeedEvent): void {
    this.list.splice(firstNotNewerThan(this.list, event.EventTime), 0, event);
  }

  /** TERMINATED also records when. */
  setStatus(status: string, at: number): void {
    this.current = Object.freeze({ ...this.current, Status: status, ...(status === 'TERMINATED' ? { TerminationTime: at } : {}) });
  }
}
