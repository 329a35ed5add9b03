import type { EventCode } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { cursorScope } from '../src/gamelift/paging/cursor.js';
import { GatewayError } from '../src/gamelift/errors.js';
import { feedSource, resolveEventFeed, type FeedConnection, type FeedFleet } from '../src/gamelift/feed/event-feed.js';
import { decodeFeedCursor, encodeFeedCursor, FEED_EXTRA_TIMES } from '../src/gamelift/feed/cursor.js';
import { freshLane, laneFromState, laneStates, planPage, type Lane, type LaneState } from '../src/gamelift/feed/merge.js';
import type { FleetEventRecord } from '../src/gamelift/events/fleet-events.js';
import { defaultPaginationLimits, type PagedSource, type TokenPage } from '../src/gamelift/paging/pagination.js';

/** Lanes known by time only, as a cursor leaves them. */
const known = (...lanes: { times: number[]; end?: boolean; bound?: number }[]): Lane<string>[] =>
  lanes.map(({ times, end = false, bound }, rank) => laneFromState({ rank, position: null, times, end, bound: bound ?? null }));

/** A lane read this page: its events are `rank:index`, and nothing follows them unless `end` is false. */
const read = (rank: number, times: number[], end = true): Lane<string> => ({
  ...freshLane(rank),
  entries: times.map((time, i) => ({ time, read: { item: `${rank}:${i}`, after: { token: null, limit: 9, index: i, key: `${rank}:${i}` } } })),
  end,
  read: true,
});

describe('planPage (the pure merge step)', () => {
  it('reads every fleet on the first page, before anything is known', () => {
    const plan = planPage([0, 1, 2].map((rank) => freshLane<string>(rank)), 10);
    expect(plan).toEqual({
      done: false,
      reads: [0, 1, 2].map((lane) => ({ lane, before: 0, takes: null, blocking: true })),
    });
  });

  it('reads exactly the fleets whose known next events make the page, and says how many each gives', () => {
    // A: 100 90 80 and more unknown; B: 95 and nothing after; C: 50 40 and more: the page is 100 95 90.
    const lanes = known({ times: [100, 90, 80] }, { times: [95], end: true }, { times: [50, 40] });
    expect(planPage(lanes, 3)).toEqual({
      done: false,
      reads: [
        { lane: 0, before: 0, takes: 2, blocking: false },
        { lane: 1, before: 1, takes: 1, blocking: false },
      ],
    });
  });

  it('orders ties on a millisecond by fleet rank, then by each fleet’s own order', () => {
    const lanes = [read(1, [7, 7, 5]), read(0, [7, 6]), read(2, [8, 7])];
    const plan = planPage(lanes, 10);
    if (!plan.done) throw new Error('all lanes are read');
    const items = plan.taken.map(([lane, entry]) => lanes[lane]?.entries[entry]?.read?.item);
    expect(items).toEqual(['2:0', '0:0', '1:0', '1:1', '2:1', '0:1', '1:2']);
    expect(plan.hasNextPage).toBe(false);
  });

  it('stops where a fleet whose next events are unknown might come first, and reads it', () => {
    const lanes = known({ times: [100] }, { times: [99, 98, 97], end: true });
    // A's head comes first; what follows it is unknown (no newer than 100), so B's 99 cannot be placed yet.
    expect(planPage(lanes, 3)).toEqual({ done: false, reads: [{ lane: 0, before: 0, takes: null, blocking: true }] });
    // B's events are all newer than A's head: A is not read.
    const later = known({ times: [50] }, { times: [99, 98, 97], end: true });
    expect(planPage(later, 3)).toEqual({ done: false, reads: [{ lane: 1, before: 0, takes: 3, blocking: false }] });
  });

  it('says which lanes stop the walk, so that a lane whose known events suffice can wait for the others', () => {
    // A's known events cover the page; C's head is known but what follows it is not.
    const lanes = known({ times: [100, 90, 80, 70, 60] }, { times: [10], end: true }, { times: [95] });
    expect(planPage(lanes, 4)).toEqual({
      done: false,
      reads: [
        { lane: 0, before: 0, takes: null, blocking: false },
        { lane: 2, before: 1, takes: null, blocking: true },
      ],
    });
  });

  it('ends a page early at a fleet read this page whose next events are still unknown (a scan bound)', () => {
    const scanned: Lane<string> = { ...freshLane(0), bound: 60, read: true };
    const plan = planPage([scanned, read(1, [70, 50])], 5);
    expect(plan).toEqual({ done: true, taken: [[1, 0]], hasNextPage: true });
  });

  it('keeps every head and, in feed order, a bounded number of further times in the cursor', () => {
    const lanes = [read(0, [100, 99, 98, 97]), read(1, [60, 10]), read(2, [80, 70], false)];
    expect(laneStates(lanes, [0, 0, 0], 3).map((state) => [state.times, state.end])).toEqual([
      [[100, 99, 98, 97], true],
      [[60], false],
      [[80], false],
    ]);
    const after = laneStates(lanes, [4, 0, 1], 2);
    expect(after.map((state) => [state.rank, state.times, state.end])).toEqual([
      [1, [60, 10], true],
      [2, [70], false],
    ]);
    // Each fleet resumes after the last event taken from it.
    expect(after.map((state) => state.position?.key ?? null)).toEqual([null, '2:0']);
  });
});

describe('feed cursors', () => {
  const scope = cursorScope('test', {});
  it('round-trips every kind of fleet state compactly', () => {
    const states: LaneState[] = [
      { rank: 0, position: null, times: [1_790_000_000_000, 1_789_999_999_000, 1_789_999_999_000], end: true, bound: null },
      { rank: 2, position: { token: 'tok-1', limit: 0, index: -1, key: null }, times: [], end: false, bound: 1_780_000_000_000 },
      { rank: 3, position: { token: null, limit: 42, index: 17, key: 'abcdefgh' }, times: [], end: false, bound: null },
      { rank: 7, position: { token: 'tok-2', limit: 120, index: 101, key: 'ijklmnop' }, times: [1_785_000_000_000], end: false, bound: null },
    ];
    const cursor = encodeFeedCursor(scope, states);
    expect(decodeFeedCursor(cursor, scope, 8, 'after')).toEqual(states);
    expect(cursor.length).toBeLessThan(250);
  });

  it('refuses cursors that are malformed, out of range or from elsewhere', () => {
    const state: LaneState = { rank: 1, position: null, times: [5], end: false, bound: null };
    const cursor = encodeFeedCursor(scope, [state]);
    const codeOf = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof GatewayError ? `${error.code}: ${error.message}` : String(error);
      }
      return 'accepted';
    };
    expect(codeOf(() => decodeFeedCursor(cursor, scope, 1, 'after'))).toMatch(/^BAD_USER_INPUT: .*not a valid cursor/);
    expect(codeOf(() => decodeFeedCursor(cursor, cursorScope('test', { other: 1 }), 2, 'after'))).toMatch(/different connection/);
    for (const raw of ['', 'x', Buffer.from('[1,"s",5,[0,"-1"]]').toString('base64url'), 'A'.repeat(200_000)]) {
      expect(codeOf(() => decodeFeedCursor(raw, scope, 2, 'after'))).toMatch(/^BAD_USER_INPUT/);
    }
    const tooMany = Array.from({ length: FEED_EXTRA_TIMES + 3 }, (_, i) => 1000 - i);
    expect(codeOf(() => decodeFeedCursor(encodeFeedCursor(scope, [{ ...state, times: tooMany }]), scope, 2, 'after'))).toMatch(/^BAD_USER_INPUT/);
  });
});

interface FakeEvent {
  readonly id: string;
  readonly time: number;
  readonly code: string;
}

/** A fleet's log with GameLift's paging: a token marks a page start whatever the limit. */
class FakeFleetLog implements PagedSource<FleetEventRecord> {
  calls = 0;
  largestLimit = 0;

  constructor(
    readonly fleetId: string,
    readonly events: readonly FakeEvent[],
  ) {}

  async fetchPage(token: string | undefined, limit: number): Promise<TokenPage<FleetEventRecord>> {
    this.calls++;
    this.largestLimit = Math.max(this.largestLimit, limit);
    const offset = token === undefined ? 0 : Number(/^pos-(\d+)$/.exec(token)?.[1] ?? NaN);
    if (!Number.isInteger(offset)) throw new GatewayError('UPSTREAM_INVALID_REQUEST', 'bad token');
    const items = this.events.slice(offset, offset + limit).map((event) => ({
      fleetId: this.fleetId,
      region: 'us-west-2',
      event: { EventId: event.id, EventTime: new Date(event.time), EventCode: event.code as EventCode },
    }));
    const end = offset + items.length;
    return { items, nextToken: end < this.events.length ? `pos-${end}` : undefined };
  }

  keyOf(record: FleetEventRecord) {
    return record.event.EventId ?? '';
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fleets of various sizes whose events often share a millisecond, within and across fleets; with
 * `span`, each fleet's events spread over the same period (so small fleets interleave with big ones).
 */
function fleetLogs(sizes: readonly number[], seed: number, span?: number): FakeFleetLog[] {
  const next = random(seed);
  return sizes.map((size, f) => {
    let time = 1_000_000;
    const scale = span === undefined ? 1 : span / Math.max(1, size) / 20;
    const events = Array.from({ length: size }, (_, i) => {
      time -= Math.floor(Math.floor(next() * 3) * (next() < 0.5 ? 1 : 40) * scale);
      return { id: `f${f}-e${i}`, time, code: next() < 0.2 ? 'RARE' : 'COMMON' };
    });
    return new FakeFleetLog(`fleet-${String(f).padStart(2, '0')}`, events);
  });
}

/** The feed order, computed independently: time descending, fleet id ascending, each fleet's order. */
function expectedFeed(logs: readonly FakeFleetLog[], matches: (event: FakeEvent) => boolean = () => true): string[] {
  return logs
    .flatMap((log) => log.events.map((event, index) => ({ event, index, fleetId: log.fleetId })))
    .filter(({ event }) => matches(event))
    .sort((a, b) => b.event.time - a.event.time || (a.fleetId < b.fleetId ? -1 : a.fleetId > b.fleetId ? 1 : a.index - b.index))
    .map(({ event }) => event.id);
}

const scope = cursorScope('feed-test', {});

async function feedPage(logs: readonly FakeFleetLog[], first: number, after: string | null, code?: string) {
  const fleets: FeedFleet[] = logs.map((log) => {
    const source: PagedSource<FleetEventRecord> = code
      ? { fetchPage: (t, l) => log.fetchPage(t, l), keyOf: (r) => log.keyOf(r), matches: (r) => r.event.EventCode === code }
      : log;
    return { fleetId: log.fleetId, source: feedSource(source) };
  });
  return resolveEventFeed(fleets, { first, after }, scope, { limits: defaultPaginationLimits, exactReads: code === undefined });
}

const ids = (page: FeedConnection) => page.edges.map((edge) => edge.node.event.EventId ?? '');

/** A full walk, recording each page's upstream calls and the fleets it took events from. */
async function walk(logs: readonly FakeFleetLog[], first: number, code?: string) {
  const pages: { page: FeedConnection; calls: number; contributing: number }[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const before = logs.reduce((sum, log) => sum + log.calls, 0);
    const page: FeedConnection = await feedPage(logs, first, after, code);
    const calls = logs.reduce((sum, log) => sum + log.calls, 0) - before;
    pages.push({ page, calls, contributing: new Set(page.edges.map((edge) => edge.node.fleetId)).size });
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return { pages, ids: pages.flatMap(({ page }) => ids(page)) };
}

describe('the feed over token-paged logs', () => {
  it('walks to the merge computed independently, at every page size, reading only fleets that contribute', async () => {
    for (const [sizes, seed] of [
      [[40, 0, 3, 120, 1, 60], 1],
      [[300], 2],
      [[500, 25, 25, 7], 3],
    ] as const) {
      for (const first of [1, 7, 20, 100]) {
        const logs = fleetLogs(sizes, seed);
        const { pages, ids: walked } = await walk(logs, first);
        expect(walked).toEqual(expectedFeed(logs));
        for (const [i, { calls, contributing, page }] of pages.entries()) {
          expect(calls).toBeLessThanOrEqual(contributing + (i === 0 ? logs.length : 0));
          if (i < pages.length - 1) expect(page.edges).toHaveLength(first);
        }
      }
    }
  });

  it('keeps positions shallow over a long log by moving them to fresh tokens, also among many fleets', async () => {
    for (const [sizes, first] of [
      [[2000, 30], 20],
      [[3000, ...Array.from({ length: 49 }, (_, i) => 20 + i * 3)], 100],
    ] as const) {
      const logs = fleetLogs(sizes, 4, 100_000);
      const { pages, ids: walked } = await walk(logs, first);
      expect(walked).toEqual(expectedFeed(logs));
      for (const [i, { calls, contributing }] of pages.entries()) expect(calls).toBeLessThanOrEqual(contributing + (i === 0 ? logs.length : 0));
      // Re-reading from the first page's token would ask for ever more events; fresh tokens keep it small.
      expect(logs[0]?.largestLimit).toBeLessThan(500);
    }
  });

  it('answers first: 0 with no edge and an exact hasNextPage', async () => {
    for (const [sizes, hasNextPage] of [
      [[0, 4], true],
      [[0, 0], false],
    ] as const) {
      const page = await feedPage(fleetLogs(sizes, 7), 0, null);
      expect(page.edges).toEqual([]);
      expect(page.pageInfo).toMatchObject({ hasNextPage, endCursor: null });
    }
  });

  it('resumes exactly after every edge cursor', async () => {
    const logs = fleetLogs([30, 12, 0, 45, 5], 5);
    const all = expectedFeed(logs);
    const { pages } = await walk(logs, 7);
    const edges = pages.flatMap(({ page }) => page.edges);
    for (const [i, edge] of edges.entries()) {
      const next = await feedPage(logs, 5, edge.cursor);
      expect(ids(next)).toEqual(all.slice(i + 1, i + 6));
      expect(next.pageInfo.hasNextPage).toBe(i + 6 < all.length);
    }
  });

  it('filters in the gateway with bounded scanning and still serves the exact merge', async () => {
    const logs = fleetLogs([400, 3, 250, 90], 6);
    for (const first of [1, 9, 50]) {
      const { ids: walked } = await walk(logs, first, 'RARE');
      expect(walked).toEqual(expectedFeed(logs, (event) => event.code === 'RARE'));
    }
    // A code no event has: pages come back empty but the walk ends, every fleet scanned once through.
    expect((await walk(logs, 10, 'NONE')).ids).toEqual([]);
  });
});
