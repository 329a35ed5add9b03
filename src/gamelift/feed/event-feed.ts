/**
 * The event feed across fleets: each fleet's log as a token-paged source (events/fleet-events.ts), read
 * only as far as the merge (merge.ts) needs, concurrently, and served as a Relay connection
 * whose cursors (cursor.ts) carry every fleet's position and the times of its next events.
 */
import { createHash } from 'node:crypto';
import type { Connection, ConnectionArgs } from '../paging/connection.js';
import { connectionOf, MAX_PAGE_SIZE, readArgs } from '../paging/connection.js';
import type { ItemPosition } from '../paging/cursor.js';
import { GatewayError } from '../errors.js';
import { decodeFeedCursor, encodeFeedCursor, FEED_EXTRA_TIMES } from './cursor.js';
import {
  consumedByEdge,
  freshLane,
  laneFromState,
  laneStates,
  planPage,
  type Lane,
  type LaneEntry,
  type LaneRead,
  type PagePlan,
} from './merge.js';
import type { FleetEventRecord } from '../events/fleet-events.js';
import { pageForward, readExactly, rejectedCursor, type PagedSource, type PageEdge, type PaginationLimits } from '../paging/pagination.js';

export interface FeedFleet {
  readonly fleetId: string;
  /** The fleet's log, newest first, with the feed's filters. */
  readonly source: PagedSource<FleetEventRecord>;
}

export interface FeedOptions {
  readonly limits: PaginationLimits;
  /**
   * Whether `Limit` counts the events GameLift returns (no filter at all). Then a fleet whose
   * position lies deep into an upstream page is read up to exactly the page's last event, which
   * moves its position to a fresh NextToken; with filters it is re-read from its token.
   */
  readonly exactReads: boolean;
}

export type FeedConnection = Connection<FleetEventRecord> & {
  /** Fleets GameLift does not know: left out of the feed. */
  readonly missing: readonly string[];
};

/** A position this deep into its upstream page is moved to a fresh token when it can be. */
const REBASE_DEPTH = 100;
const isDeep = (position: ItemPosition | null) => (position?.index ?? -1) >= REBASE_DEPTH;

/**
 * One page of the feed over `fleets` (sorted by fleet id, distinct). Every fleet is read on the
 * first page; after that a page reads only the fleets it takes events from, plus, with a
 * gateway-side filter, fleets whose next matching event is not known yet. Each fleet is read at
 * most once a page, and all the fleets a page needs are read at once when what the cursor knows
 * of them suffices (most pages: a single round of concurrent reads).
 */
export async function resolveEventFeed(
  fleets: readonly FeedFleet[],
  args: ConnectionArgs,
  scope: string,
  options: FeedOptions,
): Promise<FeedConnection> {
  const request = readArgs({ first: args.first, after: args.after });
  if (request.direction !== 'forward') throw new Error('the feed pages forward only');
  const after = request.after === null ? null : decodeFeedCursor(request.after, scope, fleets.length, 'after');
  const first = request.size;
  // Room for a position to go deep into its upstream page and still be read in one call.
  const limits = { ...options.limits, maxReplay: options.limits.maxScanLimit - 2 * MAX_PAGE_SIZE - 2 };
  const missing: string[] = [];
  let lanes: Lane<FleetEventRecord>[] = after ? after.map((state) => laneFromState(state)) : fleets.map((_, rank) => freshLane(rank));
  for (;;) {
    const plan = planPage(lanes, first);
    if (plan.done) return { ...servePage(lanes, plan, { first, scope, resumed: after !== null }), missing };
    // A deep position moves to a fresh token only once the page's take from it is settled: while
    // other fleets must be read to settle it, and its own known events suffice, it waits a round.
    const waits = (read: LaneRead) =>
      options.exactReads && read.takes === null && !read.blocking && isDeep(lanes[read.lane]?.position ?? null);
    const now = plan.reads.some((read) => !waits(read)) ? plan.reads.filter((read) => !waits(read)) : plan.reads;
    const read = await Promise.all(
      now.map(async (laneRead) => {
        const lane = lanes[laneRead.lane] as Lane<FleetEventRecord>;
        const fleet = fleets[lane.rank] as FeedFleet;
        // What the page may still take from it, the event after those, and a page more to plan the next page with.
        const count = first - laneRead.before + 1 + first;
        try {
          return await readLane(fleet.source, lane, laneRead.takes, count, { ...options, limits });
        } catch (error) {
          if (!(error instanceof GatewayError)) throw error;
          if (error.code === 'UPSTREAM_INVALID_REQUEST' && lane.position?.token) throw rejectedCursor();
          if (error.code !== 'NOT_FOUND') throw error;
          missing.push(fleet.fleetId);
          return { ...lane, entries: [], end: true, read: true };
        }
      }),
    );
    lanes = lanes.map((lane, l) => read[now.findIndex((laneRead) => laneRead.lane === l)] ?? lane);
  }
}

/** The page as a Relay connection; each cursor is encoded only when a client selects it. */
function servePage(
  lanes: readonly Lane<FleetEventRecord>[],
  { taken, hasNextPage }: Extract<PagePlan, { done: true }>,
  { first, scope, resumed }: { readonly first: number; readonly scope: string; readonly resumed: boolean },
): Connection<FleetEventRecord> {
  const cursorAt = (consumed: readonly number[]) => encodeFeedCursor(scope, laneStates(lanes, consumed, FEED_EXTRA_TIMES));
  const consumed = consumedByEdge(lanes.length, taken);
  // A page cut short by a filter's scan bound, with no edge, resumes past what was scanned.
  const cutEmpty = hasNextPage && taken.length === 0 && first > 0;
  return connectionOf(
    taken.map(([lane, entry], i) => ({ lane, entry, consumed: consumed[i] as number[] })),
    ({ lane, entry }) => (lanes[lane]?.entries[entry]?.read as { item: FleetEventRecord }).item,
    (edge) => cursorAt(edge.consumed),
    { hasNextPage, hasPreviousPage: resumed },
    cutEmpty ? () => cursorAt(lanes.map(() => 0)) : undefined,
  );
}

/**
 * Reads a lane from its position: exactly the events the page takes when that is settled, its
 * next event known and its position deep (a fresh token), else `count` events (what the page may
 * take, the next event after them, and more to plan the next page with).
 */
async function readLane(
  source: PagedSource<FleetEventRecord>,
  lane: Lane<FleetEventRecord>,
  takes: LaneRead['takes'],
  count: number,
  options: FeedOptions,
): Promise<Lane<FleetEventRecord>> {
  if (options.exactReads && isDeep(lane.position) && takes !== null && takes > 0 && (lane.end || lane.entries.length > takes)) {
    const { edges, next } = await readExactly(source, lane.position, takes);
    const entries = edges.map(entryOf);
    if (next === null) return { ...lane, entries, tail: edges.at(-1)?.position ?? lane.position, end: true, bound: null, read: true };
    return { ...lane, entries: [...entries, ...lane.entries.slice(entries.length)], tail: next, read: true };
  }
  const scan = scanTracking(source);
  const page = await pageForward(scan.source, lane.position, count, options.limits);
  const entries = page.edges.map(entryOf);
  const tail = page.resumeAt ?? page.edges.at(-1)?.position ?? lane.position;
  // Past a filter's scan bound, nothing left is newer than the oldest event scanned.
  const bound = page.resumeAt ? Math.min(lane.bound ?? Infinity, scan.oldest()) : Infinity;
  return { ...lane, entries, tail, end: !page.hasNextPage, bound: bound === Infinity ? null : bound, read: true };
}

const entryOf = (edge: PageEdge<FleetEventRecord>): LaneEntry<FleetEventRecord> => ({
  time: timeOf(edge.item),
  read: { item: edge.item, after: edge.position },
});

const timeOf = (record: FleetEventRecord): number => record.event.EventTime?.getTime() ?? 0;

/** The source, remembering the time of the oldest event any of its pages held (filtered or not). */
function scanTracking(source: PagedSource<FleetEventRecord>) {
  let oldest = Infinity;
  const tracked = withSource(source, {
    fetchPage: async (token, limit) => {
      const page = await source.fetchPage(token, limit);
      const last = page.items.at(-1);
      if (last) oldest = Math.min(oldest, timeOf(last));
      return page;
    },
  });
  return { source: tracked, oldest: () => oldest };
}

/** `source` with some of its parts replaced. */
function withSource<T>(source: PagedSource<T>, parts: Partial<Pick<PagedSource<T>, 'fetchPage' | 'keyOf'>>): PagedSource<T> {
  const { matches } = source;
  return {
    fetchPage: parts.fetchPage ?? ((token, limit) => source.fetchPage(token, limit)),
    keyOf: parts.keyOf ?? ((item) => source.keyOf(item)),
    ...(matches ? { matches } : {}),
  };
}

/**
 * A fleet's log as the feed reads it: items are keyed by 8 characters of the hash of their event
 * id rather than the id's 36, enough to notice that a position no longer holds its event, in a
 * cursor that carries a position per fleet.
 */
export function feedSource(source: PagedSource<FleetEventRecord>): PagedSource<FleetEventRecord> {
  return withSource(source, {
    keyOf: (record) => createHash('sha256').update(source.keyOf(record)).digest('base64url').slice(0, 8),
  });
}
