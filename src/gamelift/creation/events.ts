import { creationTimeline } from './timeline.js';
import type { FleetBatches } from '../fleets/batches.js';
import type { FleetEventRecord, FleetEvents } from '../events/fleet-events.js';
import { fleetAttributes } from '../fleets/records.js';
import { readPages } from '../paging/pagination.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface CreationWindowSettings {
  /** The first window starts this long before CreationTime, in case FLEET_CREATED is stamped a little earlier. */
  readonly leadMs: number;
  /** The first window ends this long after CreationTime; each further window doubles the span read. */
  readonly firstSpanMs: number;
  /** DescribeFleetEvents Limit of a window's first page; it doubles for each further page, up to maxPageLimit. */
  readonly firstPageLimit: number;
  readonly maxPageLimit: number;
}

const defaultCreationWindow: CreationWindowSettings = {
  leadMs: 5 * MINUTE,
  firstSpanMs: 2 * HOUR,
  firstPageLimit: 100,
  maxPageLimit: 1000,
};

/**
 * The events of fleets' creation periods, for one GraphQL request. A fleet created long ago must
 * not cost its whole event log, so only time windows around its CreationTime are read
 * (DescribeFleetEvents with StartTime/EndTime): first [CreationTime − 5 min, CreationTime + 2 h],
 * then, only while the creation it holds has not reached ACTIVE or ERROR, the next window up to
 * CreationTime + 4 h, + 8 h, … (each doubling the span read, reading only what is new). A window
 * that would end after now is read with no EndTime instead, so events GameLift stamped slightly
 * ahead of this host's clock are not missed; it is the last. No FLEET_CREATED in the first
 * window means no creation to show, and nothing more is read.
 */
export class CreationEvents {
  private readonly reads = new Map<string, Promise<readonly FleetEventRecord[] | null>>();

  constructor(
    private readonly fleets: FleetBatches,
    private readonly events: FleetEvents,
    private readonly settings: CreationWindowSettings = defaultCreationWindow,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * The fleet's events from shortly before its creation to the end of it (or to now while it is
   * in progress), oldest first; they may run on past the end of the creation, to the end of the
   * last window read. Empty when GameLift gives no CreationTime; null when it does not know the
   * fleet. Read once per request, however many fields ask.
   */
  read(fleetRef: string): Promise<readonly FleetEventRecord[] | null> {
    let read = this.reads.get(fleetRef);
    if (!read) {
      read = this.readWindows(fleetRef);
      this.reads.set(fleetRef, read);
    }
    return read;
  }

  private async readWindows(fleetRef: string): Promise<readonly FleetEventRecord[] | null> {
    const attributes = await this.fleets.load(fleetAttributes, fleetRef);
    if (!attributes) return null;
    const createdAt = attributes.CreationTime?.getTime();
    if (createdAt === undefined) return [];
    const events: FleetEventRecord[] = [];
    const seen = new Set<string>();
    let start = createdAt - this.settings.leadMs;
    for (let span = this.settings.firstSpanMs; ; span *= 2) {
      const end = createdAt + span;
      const last = end >= this.now();
      // Windows share their boundary instant (both ends are inclusive): events on it are read twice, kept once.
      for (const record of await this.readWindow(fleetRef, start, last ? undefined : end)) {
        const id = record.event.EventId;
        if (id !== undefined && seen.has(id)) continue;
        if (id !== undefined) seen.add(id);
        events.push(record);
      }
      const timeline = creationTimeline(events);
      if (last || timeline === null || timeline.outcome !== 'IN_PROGRESS') return events;
      start = end;
    }
  }

  /** Every event from `start` to `end` (inclusive; open-ended without `end`), oldest first. */
  private async readWindow(fleetRef: string, start: number, end: number | undefined): Promise<FleetEventRecord[]> {
    const { firstPageLimit, maxPageLimit } = this.settings;
    const source = this.events.source(fleetRef, { startTime: new Date(start), endTime: end === undefined ? undefined : new Date(end) });
    const newestFirst: FleetEventRecord[] = [];
    for await (const page of readPages(source, { token: null, limit: firstPageLimit }, (read) => Math.min(maxPageLimit, read.limit * 2))) {
      newestFirst.push(...page.items);
    }
    return newestFirst.reverse();
  }
}
