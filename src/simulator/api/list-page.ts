import { contiguousPage, DEFAULT_PAGE_SIZE } from './paging.js';
import type { PageTokens, TokenScope } from './tokens.js';

/**
 * One page of a list that only grows at its end (so offsets stay put), resumed from and continued
 * by NextTokens bound to `scope`.
 */
export function pageOfList<T>(
  items: readonly T[],
  scope: TokenScope,
  limit: number | undefined,
  token: string | undefined,
  tokens: PageTokens,
): { items: T[]; nextToken: { NextToken?: string } } {
  const start = token === undefined ? 0 : tokens.open(token, scope, items.length);
  const span = contiguousPage(start, items.length, limit ?? DEFAULT_PAGE_SIZE);
  return {
    items: items.slice(span.from, span.to),
    nextToken: span.next === undefined ? {} : { NextToken: tokens.issue(scope, span.next) },
  };
}
