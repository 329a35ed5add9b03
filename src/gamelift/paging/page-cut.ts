/**
 * Cutting a Relay page out of a stream of upstream pages, as pure functions: each takes what has
 * been cut so far and the next upstream page read, and says what is cut now and whether the
 * Relay page is complete. The reading itself (pagination.ts) is shared by every direction.
 */
import type { ItemPosition } from './cursor.js';

/** An upstream page as read: where it started, the limit it was asked with, what it held. */
export interface ReadPage<T> {
  readonly token: string | null;
  readonly limit: number;
  readonly items: readonly T[];
  readonly nextToken: string | undefined;
}

export interface PageEdge<T> {
  readonly item: T;
  readonly position: ItemPosition;
}

export interface ItemRules<T> {
  readonly keyOf: (item: T) => string;
  readonly matches: (item: T) => boolean;
}

export interface ForwardCut<T> {
  readonly edges: readonly PageEdge<T>[];
  /** Set once the page is complete. */
  readonly hasNextPage?: boolean;
}

/**
 * Forward: take matching items from `skip` on until `first` are cut; one more match means
 * there is a next page, the end of the upstream list means there is not.
 */
export function cutForward<T>(cut: ForwardCut<T>, read: ReadPage<T>, skip: number, first: number, rules: ItemRules<T>): ForwardCut<T> {
  const edges = [...cut.edges];
  for (let index = skip; index < read.items.length; index++) {
    const item = read.items[index] as T;
    if (!rules.matches(item)) continue;
    if (edges.length === first) return { edges, hasNextPage: true };
    edges.push({ item, position: { token: read.token, limit: read.limit, index, key: rules.keyOf(item) } });
  }
  return read.nextToken === undefined ? { edges, hasNextPage: false } : { edges };
}

export interface BackwardCut<T> {
  /** The last `last` matching items seen, oldest first. */
  readonly edges: readonly PageEdge<T>[];
  /** True once a matching item has slid out of the window. */
  readonly hasPreviousPage: boolean;
  /** Set once the page is complete: the `before` item was reached, or the list ended. */
  readonly hasNextPage?: boolean;
}

/**
 * Backward: slide a window of `last` matching items along the list from its head until the
 * `before` item (exclusive) or the end of the list.
 */
export function cutBackward<T>(cut: BackwardCut<T>, read: ReadPage<T>, last: number, beforeKey: string | null, rules: ItemRules<T>): BackwardCut<T> {
  const edges = [...cut.edges];
  let { hasPreviousPage } = cut;
  for (let index = 0; index < read.items.length; index++) {
    const item = read.items[index] as T;
    const key = rules.keyOf(item);
    if (key === beforeKey) return { edges, hasPreviousPage, hasNextPage: true };
    if (!rules.matches(item)) continue;
    edges.push({ item, position: { token: read.token, limit: read.limit, index, key } });
    if (edges.length > last) {
      edges.shift();
      hasPreviousPage = true;
    }
  }
  return read.nextToken === undefined ? { edges, hasPreviousPage, hasNextPage: false } : { edges, hasPreviousPage };
}
