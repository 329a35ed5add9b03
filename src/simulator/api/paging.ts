/** Positions [from, to) of one page, and where the next page starts if there is one. */
export interface PageSpan {
  readonly from: number;
  readonly to: number;
  readonly next?: number;
}

export const DEFAULT_PAGE_SIZE = 50;

/** A page of at most `limit` items of [start, end); full unless it is the last. */
export function contiguousPage(start: number, end: number, limit: number): PageSpan {
  const to = Math.max(start, Math.min(start + limit, end));
  return to < end ? { from: start, to, next: to } : { from: start, to };
}

/**
 * A page the way AWS answers time-filtered event queries: it looks at `limit` raw items from
 * `start`, whether or not they match, so a page may hold no match yet still have a successor.
 * A scan that stops exactly at the end cannot know nothing follows, so it still hands out a
 * token, whose page is empty and final.
 */
export function scanPage(start: number, total: number, limit: number): PageSpan {
  const end = start + limit;
  return end <= total ? { from: start, to: end, next: end } : { from: start, to: total };
}
