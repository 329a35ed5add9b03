import type { ItemPosition, Position } from './cursor.js';
import { badUserInput, GatewayError } from './errors.js';

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

export interface PageEdge<T> {
  readonly item: T;
  readonly position: ItemPosition;
}

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
  const matches = source.matches ?? (() => true);
  const hasPreviousPage = after !== null;
  const pageLimit = Math.max(first + 1, source.matches ? limits.filteredPageSize : 0);
  const edges: PageEdge<T>[] = [];
  let token = after?.token ?? null;
  let skip = after ? after.index + 1 : 0;
  let limit = pageLimit;
  if (after && after.index >= 0) {
    // The page must be read with at least the limit the cursor's page had, or a filtered
    // (sparse) page may stop short of the cursor. Shallow cursors also read ahead in the same
    // call; deep ones re-read their page as it was, which keeps every index below maxScanLimit.
    const recorded = Math.min(after.limit, limits.maxScanLimit);
    limit = after.index < limits.maxReplay ? Math.max(recorded, skip + pageLimit) : recorded;
  }
  let verify = after !== null && after.index >= 0;
  for (let calls = 0; ; calls++) {
    if (calls === limits.maxScanPages) {
      return { edges, hasNextPage: true, hasPreviousPage, resumeAt: { token, limit: 0, index: -1, key: null } };
    }
    const page: TokenPage<T> = await fetchFromCursor(source, token, limit, verify ? after : null);
    for (let index = skip; index < page.items.length; index++) {
      const item = page.items[index] as T;
      if (!matches(item)) continue;
      if (edges.length === first) return { edges, hasNextPage: true, hasPreviousPage };
      edges.push({ item, position: { token, limit, index, key: source.keyOf(item) } });
    }
    if (page.nextToken === undefined) return { edges, hasNextPage: false, hasPreviousPage };
    // After a short page (upstream filtering) or with a gateway-side filter, grow the request so
    // that sparse stretches cost few calls; otherwise ask for just what the page still needs.
    const sparse = page.items.length < limit || source.matches !== undefined;
    limit = Math.min(limits.maxScanLimit, Math.max(first - edges.length + 1, sparse ? limit * 2 : 0));
    token = page.nextToken;
    skip = 0;
    verify = false;
  }
}

/** Fetches a page starting at a cursor's token, refusing the cursor if it no longer fits the data. */
async function fetchFromCursor<T>(
  source: PagedSource<T>,
  token: string | null,
  limit: number,
  cursor: ItemPosition | null,
): Promise<TokenPage<T>> {
  let page: TokenPage<T>;
  try {
    page = await source.fetchPage(token ?? undefined, limit);
  } catch (error) {
    if (cursor && error instanceof GatewayError && error.code === 'UPSTREAM_INVALID_REQUEST') {
      throw badUserInput('The cursor is not valid for this connection: GameLift rejected the position it encodes.');
    }
    throw error;
  }
  if (cursor && cursor.key !== null) {
    const item = page.items[cursor.index];
    if (item === undefined || source.keyOf(item) !== cursor.key) {
      throw badUserInput('The cursor no longer points at the item it was issued for. Restart pagination without a cursor.');
    }
  }
  return page;
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
  const matches = source.matches ?? (() => true);
  const window: PageEdge<T>[] = [];
  let matchedBeforeWindow = false;
  let token: string | undefined;
  for (let calls = 0; ; calls++) {
    if (calls === limits.maxBackwardPages) {
      throw badUserInput(
        `Backward pagination reads from the newest item and stops after ${calls * limits.backwardPageSize} items; ` +
          'this page lies deeper. Page forward instead, or narrow the filters.',
        { reason: 'TOO_DEEP' },
      );
    }
    const page = await source.fetchPage(token, limits.backwardPageSize);
    for (let index = 0; index < page.items.length; index++) {
      const item = page.items[index] as T;
      const key = source.keyOf(item);
      if (before && key === before.key) {
        return { edges: window, hasPreviousPage: matchedBeforeWindow, hasNextPage: true };
      }
      if (!matches(item)) continue;
      window.push({ item, position: { token: token ?? null, limit: limits.backwardPageSize, index, key } });
      if (window.length > last) {
        window.shift();
        matchedBeforeWindow = true;
      }
    }
    if (page.nextToken === undefined) break;
    token = page.nextToken;
  }
  if (before) {
    throw badUserInput('The cursor no longer points at an item of this connection. Restart pagination without a cursor.', {
      argumentName: 'before',
    });
  }
  return { edges: window, hasPreviousPage: matchedBeforeWindow, hasNextPage: false };
}
