import type { ItemPosition } from './cursor.js';
import { badUserInput, GatewayError } from '../errors.js';
import { cutBackward, cutForward, type BackwardCut, type ForwardCut, type ItemRules, type PageEdge, type ReadPage } from './page-cut.js';

export type { PageEdge } from './page-cut.js';

/** One upstream page as GameLift returns it: items, and the token of the next page if any. */
export interface TokenPage<T> {
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

/**
 * A forward-only, token-paged upstream list (DescribeFleetEvents, ListFleets). `fetchPage` must
 * start at the same item for a given token whatever the limit: GameLift's tokens mark positions.
 */
export interface PagedSource<T> {
  fetchPage(token: string | undefined, limit: number): Promise<TokenPage<T>>;
  keyOf(item: T): string;
  /** A filter applied by the gateway (not upstream); pages are still filled to the size asked. */
  matches?: (item: T) => boolean;
}

export interface PaginationLimits {
  /** Depth into its upstream page below which a resume also reads ahead in the same call. */
  readonly maxReplay: number;
  /** Upstream calls one forward page may make while skipping filtered-out items or empty pages. */
  readonly maxScanPages: number;
  /** Largest upstream page requested when scanning. */
  readonly maxScanLimit: number;
  /** Smallest upstream page requested when a gateway-side filter is active. */
  readonly filteredPageSize: number;
  /** Upstream page size of the walk from the head that backward pagination makes. */
  readonly backwardPageSize: number;
  /** Upstream calls a backward page may make before it is refused as too deep. */
  readonly maxBackwardPages: number;
}

export const defaultPaginationLimits: PaginationLimits = {
  maxReplay: 100,
  maxScanPages: 10,
  maxScanLimit: 1000,
  filteredPageSize: 100,
  backwardPageSize: 500,
  maxBackwardPages: 40,
};

export interface Page<T> {
  readonly edges: readonly PageEdge<T>[];
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  /**
   * Set when a forward scan stopped at its upstream-call bound before filling the page: where the
   * next page must resume (past everything scanned), which may lie beyond the last edge.
   */
  readonly resumeAt?: ItemPosition;
}

/**
 * The upstream list as a stream of pages, from `start` on, each next page asked with the limit
 * `nextLimit` gives for the page just read (as the SDK's paginators do, but with a page size
 * that can adapt to what the reader still needs).
 */
export async function* readPages<T>(
  source: PagedSource<T>,
  start: { readonly token: string | null; readonly limit: number },
  nextLimit: (read: ReadPage<T>) => number,
): AsyncGenerator<ReadPage<T>, void, undefined> {
  let request = start;
  for (;;) {
    const page = await source.fetchPage(request.token ?? undefined, request.limit);
    const read: ReadPage<T> = { ...request, items: page.items, nextToken: page.nextToken };
    yield read;
    if (page.nextToken === undefined) return;
    request = { token: page.nextToken, limit: nextLimit(read) };
  }
}

function rulesOf<T>(source: PagedSource<T>): ItemRules<T> {
  return { keyOf: (item) => source.keyOf(item), matches: source.matches ?? (() => true) };
}

/**
 * The `first` items after `after` (or from the head), exact `hasNextPage` included: it is false
 * only once upstream has no further page, however many empty pages it hands out before that.
 * Resuming re-reads the cursor's upstream page up to the cursor, so it costs one upstream call
 * (plus one when the page it lands in ends early), independent of how deep the cursor is.
 */
export async function pageForward<T>(
  source: PagedSource<T>,
  after: ItemPosition | null,
  first: number,
  limits: PaginationLimits,
): Promise<Page<T>> {
  const filtered = source.matches !== undefined;
  const hasPreviousPage = after !== null;
  const start = forwardStart(after, first, filtered, limits);
  const rules = rulesOf(source);
  let cut: ForwardCut<T> = { edges: [] };
  // After a short page (upstream filtering) or with a gateway-side filter, grow the request so
  // that sparse stretches cost few calls; otherwise ask for just what the page still needs.
  const nextLimit = (read: ReadPage<T>) => {
    const sparse = read.items.length < read.limit || filtered;
    return Math.min(limits.maxScanLimit, Math.max(first - cut.edges.length + 1, sparse ? read.limit * 2 : 0));
  };
  let reads = 0;
  try {
    for await (const read of readPages(source, start, nextLimit)) {
      if (reads === 0 && start.cursor) checkCursorStillFits(read, start.cursor, rules);
      cut = cutForward(cut, read, reads === 0 ? start.skip : 0, first, rules);
      reads++;
      if (cut.hasNextPage !== undefined) return { edges: cut.edges, hasNextPage: cut.hasNextPage, hasPreviousPage };
      if (reads === limits.maxScanPages) {
        const resumeAt = { token: read.nextToken ?? null, limit: 0, index: -1, key: null };
        return { edges: cut.edges, hasNextPage: true, hasPreviousPage, resumeAt };
      }
    }
  } catch (error) {
    if (reads === 0 && start.cursor && error instanceof GatewayError && error.code === 'UPSTREAM_INVALID_REQUEST') throw rejectedCursor();
    throw error;
  }
  throw new Error('readPages ended without a last page');
}

export const rejectedCursor = () => badUserInput('The cursor is not valid for this connection: GameLift rejected the position it encodes.');

/**
 * Exactly the `count` items after `after`, in one upstream call whose page ends right after them,
 * so that GameLift's NextToken addresses what follows: `next` is that page start (null at the end
 * of the list). A position deep into an upstream page thus moves to a fresh token. Only for
 * sources whose `Limit` counts the items returned (no filter, none upstream either): then fewer
 * items come back only at the end of the list.
 */
export async function readExactly<T>(
  source: PagedSource<T>,
  after: ItemPosition | null,
  count: number,
): Promise<{ readonly edges: readonly PageEdge<T>[]; readonly next: ItemPosition | null }> {
  const token = after?.token ?? null;
  const skip = after ? after.index + 1 : 0;
  const limit = skip + count;
  const page = await source.fetchPage(token ?? undefined, limit);
  const read: ReadPage<T> = { token, limit, items: page.items, nextToken: page.nextToken };
  const rules = rulesOf(source);
  if (after) checkCursorStillFits(read, after, rules);
  const { edges } = cutForward({ edges: [] }, read, skip, count, rules);
  return { edges, next: page.nextToken === undefined ? null : { token: page.nextToken, limit: 0, index: -1, key: null } };
}

/** Where a forward page starts reading, and which item cursor (if any) its first page must still hold. */
function forwardStart(after: ItemPosition | null, first: number, filtered: boolean, limits: PaginationLimits) {
  const pageLimit = Math.max(first + 1, filtered ? limits.filteredPageSize : 0);
  if (after === null) return { token: null, limit: pageLimit, skip: 0, cursor: null };
  const skip = after.index + 1;
  if (after.index < 0) return { token: after.token, limit: pageLimit, skip, cursor: null };
  // The page must be read with at least the limit the cursor's page had, or a filtered (sparse)
  // page may stop short of the cursor. Shallow cursors also read ahead in the same call; deep
  // ones re-read their page as it was, which keeps every index below maxScanLimit.
  const recorded = Math.min(after.limit, limits.maxScanLimit);
  const limit = after.index < limits.maxReplay ? Math.max(recorded, skip + pageLimit) : recorded;
  return { token: after.token, limit, skip, cursor: after };
}

function checkCursorStillFits<T>(read: ReadPage<T>, cursor: ItemPosition, rules: ItemRules<T>): void {
  if (cursor.key === null) return;
  const item = read.items[cursor.index];
  if (item === undefined || rules.keyOf(item) !== cursor.key) {
    throw badUserInput('The cursor no longer points at the item it was issued for. Restart pagination without a cursor.');
  }
}

/**
 * The `last` items before `before` (or before the end). Upstream is forward-only, so this walks
 * from the head in pages of `backwardPageSize`: it costs ceil(items before the cursor /
 * backwardPageSize) upstream calls, and is refused past `maxBackwardPages` calls.
 */
export async function pageBackward<T>(
  source: PagedSource<T>,
  before: ItemPosition | null,
  last: number,
  limits: PaginationLimits,
): Promise<Page<T>> {
  if (before && before.key === null) {
    throw badUserInput('Argument "before" is a scan-position cursor; use it with "after" to continue forward.', {
      argumentName: 'before',
    });
  }
  const rules = rulesOf(source);
  const size = limits.backwardPageSize;
  let cut: BackwardCut<T> = { edges: [], hasPreviousPage: false };
  let reads = 0;
  for await (const read of readPages(source, { token: null, limit: size }, () => size)) {
    cut = cutBackward(cut, read, last, before?.key ?? null, rules);
    reads++;
    if (cut.hasNextPage === true) return { edges: cut.edges, hasPreviousPage: cut.hasPreviousPage, hasNextPage: true };
    if (cut.hasNextPage === false) break;
    if (reads === limits.maxBackwardPages) {
      throw badUserInput(
        `Backward pagination reads from the newest item and stops after ${reads * size} items; ` +
          'this page lies deeper. Page forward instead, or narrow the filters.',
        { reason: 'TOO_DEEP' },
      );
    }
  }
  if (before) {
    throw badUserInput('The cursor no longer points at an item of this connection. Restart pagination without a cursor.', {
      argumentName: 'before',
    });
  }
  return { edges: cut.edges, hasPreviousPage: cut.hasPreviousPage, hasNextPage: false };
}
