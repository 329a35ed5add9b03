/**
 * Several fleets' event logs merged into one feed, as pure functions. The feed is newest first:
 * by event time descending, ties by fleet id ascending (a fleet's rank in the sorted fleet set),
 * then in each fleet's own (GameLift's) order. Each fleet is a lane: what is known of its next
 * events, each either read during this page (the event, and where to resume after it) or known by
 * its time only (from the cursor). `planPage` says which events make a page and which lanes must
 * be read before they can be served; `laneStates` says what a cursor after any edge carries.
 */
import type { ItemPosition } from '../paging/cursor.js';

export interface LaneEntry<T> {
  readonly time: number;
  /** The event, once read during this page, and the position to resume after it. */
  readonly read?: { readonly item: T; readonly after: ItemPosition };
}

/** What a cursor carries of a fleet that still has events (exhausted fleets are left out). */
export interface LaneState {
  /** The fleet's index in the sorted fleet set. */
  readonly rank: number;
  /** Its remaining events start after this position (null: at the start of its log). */
  readonly position: ItemPosition | null;
  /** Times of its next events, newest first: the first is its head. */
  readonly times: readonly number[];
  /** Nothing follows `times`. */
  readonly end: boolean;
  /** When `times` is empty: no remaining event is newer than this (null: not known). */
  readonly bound: number | null;
}

export interface Lane<T> {
  readonly rank: number;
  /** Where `entries` start. */
  readonly position: ItemPosition | null;
  /** Where reading resumes after the entries read this page (`position` when none was read). */
  readonly tail: ItemPosition | null;
  /** The lane's next events as far as known: those read this page first, then those known by time. */
  readonly entries: readonly LaneEntry<T>[];
  /** Nothing follows `entries`. */
  readonly end: boolean;
  /** Whatever follows `entries` is no newer than this (null: not known). */
  readonly bound: number | null;
  /** Read during this page: a lane is read at most once a page. */
  readonly read: boolean;
}

/** A lane to read before the page can be served. */
export interface LaneRead {
  /** Index into the lanes. */
  readonly lane: number;
  /** Events of the page before the lane's first: it can give at most `first - before`. */
  readonly before: number;
  /** How many events the page takes from it, when that is already settled (null: not yet). */
  readonly takes: number | null;
  /** Its next events are unknown where the walk stopped: it is what stopped the walk. */
  readonly blocking: boolean;
}

export type PagePlan =
  | { readonly done: false; readonly reads: readonly LaneRead[] }
  | {
      readonly done: true;
      /** The page, in feed order: [lane index, entry index], every entry read. */
      readonly taken: readonly (readonly [lane: number, entry: number])[];
      readonly hasNextPage: boolean;
    };

/** A fleet as a cursor left it: its next events known by time only. */
export const laneFromState = <T>({ rank, position, times, end, bound }: LaneState): Lane<T> => ({
  rank,
  position,
  tail: position,
  entries: times.map((time) => ({ time })),
  end,
  bound,
  read: false,
});

/** A fleet before anything is known of it: the first page reads every fleet. */
export const freshLane = <T>(rank: number): Lane<T> => ({
  rank,
  position: null,
  tail: null,
  entries: [],
  end: false,
  bound: null,
  read: false,
});

/** Whether an event of fleet rank `rankA` at `timeA` comes before one of another fleet. */
const precedes = (timeA: number, rankA: number, timeB: number, rankB: number) =>
  timeA > timeB || (timeA === timeB && rankA < rankB);

/** No event after the lane's entries is newer than this (Infinity: nothing is known). */
function restBound(lane: Lane<unknown>): number {
  return Math.min(lane.bound ?? Infinity, lane.entries.at(-1)?.time ?? Infinity);
}

/** The lane whose next entry comes first in the feed, if any lane has one. */
function nextLane(lanes: readonly Lane<unknown>[], consumed: readonly number[]): number | null {
  let best: number | null = null;
  for (const [l, lane] of lanes.entries()) {
    const entry = lane.entries[consumed[l] as number];
    if (!entry) continue;
    const leader = best === null ? undefined : (lanes[best] as Lane<unknown>);
    const leading = leader?.entries[consumed[best as number] as number];
    if (!leader || !leading || precedes(entry.time, lane.rank, leading.time, leader.rank)) best = l;
  }
  return best;
}

/**
 * Walks the feed over what is known, taking up to `first` events. An entry known by time only
 * makes its lane one to read: that lane certainly gives the page an event. A lane whose next
 * events are unknown and might come before the next known one stops the walk: it is read too
 * (the first page reads every fleet this way), unless it was read this page already, in which
 * case the page ends there (a gateway-side filter scanned as far as it may).
 */
export function planPage<T>(lanes: readonly Lane<T>[], first: number): PagePlan {
  const consumed = lanes.map(() => 0);
  const taken: [number, number][] = [];
  const unreadFrom = new Map<number, number>();
  let unknown: number[] = [];
  let hasNextPage = true;
  for (;;) {
    const best = nextLane(lanes, consumed);
    if (taken.length === first && best !== null) break;
    const leader = best === null ? undefined : lanes[best];
    const bestEntry = leader?.entries[consumed[best as number] as number];
    // Lanes whose next events are unknown and might come before the best known one.
    unknown = lanes.flatMap((lane, l) => {
      if (consumed[l] !== lane.entries.length || lane.end) return [];
      const mayComeFirst = !leader || !bestEntry || precedes(restBound(lane), lane.rank, bestEntry.time, leader.rank);
      return mayComeFirst ? [l] : [];
    });
    if (unknown.length > 0) break;
    if (best === null || !leader || !bestEntry) {
      hasNextPage = false;
      break;
    }
    if (!bestEntry.read) {
      // Read this page, yet its next event is known by time only: the log changed under the cursor.
      if (leader.read) break;
      if (!unreadFrom.has(best)) unreadFrom.set(best, taken.length);
    }
    taken.push([best, consumed[best] as number]);
    consumed[best] = (consumed[best] as number) + 1;
  }
  const blockers = unknown.filter((l) => !lanes[l]?.read && !unreadFrom.has(l));
  if (unreadFrom.size === 0 && blockers.length === 0) return { done: true, taken, hasNextPage };
  // The page is what was taken unless a lane not read yet stopped the walk.
  const settled = unknown.every((l) => lanes[l]?.read);
  return {
    done: false,
    reads: [
      ...[...unreadFrom].map(([lane, before]) => ({
        lane,
        before,
        takes: settled ? (consumed[lane] as number) : null,
        blocking: unknown.includes(lane),
      })),
      ...blockers.map((lane) => ({ lane, before: taken.length, takes: null, blocking: true })),
    ],
  };
}

/** Where the lane resumes once its first `consumed` entries (all read) are taken. */
function positionAfter<T>(lane: Lane<T>, consumed: number): ItemPosition | null {
  const unread = lane.entries.findIndex((entry) => !entry.read);
  if (consumed === (unread === -1 ? lane.entries.length : unread)) return lane.tail;
  if (consumed === 0) return lane.position;
  const read = lane.entries[consumed - 1]?.read;
  if (!read) throw new Error('a lane entry was taken before it was read');
  return read.after;
}

/**
 * The cursor state once `consumed[l]` entries of each lane are taken: every lane that still has
 * events, with its head's time and the known times of the next `extraTimes` events of the feed
 * (what lets the next page know which fleets it needs before reading any), each lane among them
 * with one more, so that a walk over that many events never runs out of a lane's known times.
 */
export function laneStates<T>(lanes: readonly Lane<T>[], consumed: readonly number[], extraTimes: number): LaneState[] {
  const from = [...consumed];
  for (let n = 0; n < extraTimes; n++) {
    const best = nextLane(lanes, from);
    if (best === null) break;
    from[best] = (from[best] as number) + 1;
  }
  const kept = lanes.map((lane, l) => {
    const picked = (from[l] as number) - (consumed[l] as number);
    return Math.min(picked === 0 ? 1 : picked + 1, lane.entries.length - (consumed[l] as number));
  });
  return lanes.flatMap((lane, l) => {
    const start = consumed[l] as number;
    const times = lane.entries.slice(start, start + (kept[l] as number)).map((entry) => entry.time);
    const end = lane.end && start + times.length === lane.entries.length;
    if (times.length === 0 && end) return [];
    const bound = times.length > 0 || restBound(lane) === Infinity ? null : restBound(lane);
    return [{ rank: lane.rank, position: positionAfter(lane, start), times, end, bound }];
  });
}

/** For each edge of a served page, how many entries of each lane the page has taken up to it. */
export function consumedByEdge(laneCount: number, taken: readonly (readonly [number, number])[]): number[][] {
  const counts = new Array<number>(laneCount).fill(0);
  return taken.map(([lane]) => {
    counts[lane] = (counts[lane] as number) + 1;
    return [...counts];
  });
}
