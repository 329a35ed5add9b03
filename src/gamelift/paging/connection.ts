import { cursorScope, decodeCursor, encodeCursor } from './cursor.js';
import { badUserInput } from '../errors.js';
import { pageBackward, pageForward, type PagedSource, type PaginationLimits } from './pagination.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Relay connection arguments as a client sends them. */
export interface ConnectionArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly last?: number | null;
  readonly before?: string | null;
}

export interface Connection<T> {
  readonly edges: { readonly cursor: string; readonly node: T }[];
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
}

/**
 * Serves one Relay connection page over a token-paged upstream list. `scope` binds the cursors
 * to the connection they are issued for (see `cursorScope`).
 */
export async function resolveConnection<T>(
  source: PagedSource<T>,
  args: ConnectionArgs,
  scope: string,
  limits: PaginationLimits,
): Promise<Connection<T>> {
  const request = readArgs(args);
  const page =
    request.direction === 'forward'
      ? await pageForward(source, request.after === null ? null : decodeCursor(request.after, scope, 'after'), request.size, limits)
      : await pageBackward(source, request.before === null ? null : decodeCursor(request.before, scope, 'before'), request.size, limits);
  const { resumeAt } = page;
  return connectionOf(
    page.edges,
    (edge) => edge.item,
    (edge) => encodeCursor(scope, edge.position),
    page,
    resumeAt && (() => encodeCursor(scope, resumeAt)),
  );
}

/**
 * A Relay connection over a page's edges. Cursors are encoded only when a query selects them
 * (most page through `endCursor` alone); `resumeCursor`, when a scan stopped short of filling the
 * page, is where the next page starts instead of after the last edge.
 */
export function connectionOf<E, N>(
  page: readonly E[],
  nodeOf: (edge: E) => N,
  cursorOf: (edge: E) => string,
  { hasNextPage, hasPreviousPage }: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean },
  resumeCursor?: () => string,
): Connection<N> {
  const edges = page.map((edge) => ({
    get cursor() {
      return cursorOf(edge);
    },
    node: nodeOf(edge),
  }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      get startCursor() {
        return edges[0]?.cursor ?? null;
      },
      get endCursor() {
        return resumeCursor ? resumeCursor() : (edges.at(-1)?.cursor ?? null);
      },
    },
  };
}

const PAGING_ARGUMENTS = new Set(['first', 'after', 'last', 'before']);

/**
 * The scope of a connection's cursors, derived from all of its arguments but the paging ones:
 * a filter argument added later is part of the scope without anyone remembering to add it, so a
 * cursor is never resumed under other filters. List arguments are sets (order and repeats do not
 * matter); `unscoped` names arguments that do not change the list (none today).
 */
export function connectionScope(
  kind: string,
  parent: string | null,
  args: object,
  unscoped: readonly string[] = [],
): string {
  const filters = Object.entries(args)
    .filter(([name, value]) => !PAGING_ARGUMENTS.has(name) && !unscoped.includes(name) && value != null)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, value]) => [name, scopeValue(value)]);
  return cursorScope(kind, { parent, filters });
}

function scopeValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return [...new Set(value.map((item) => JSON.stringify(scopeValue(item))))].sort();
  return value;
}

export type PageRequest =
  | { direction: 'forward'; size: number; after: string | null }
  | { direction: 'backward'; size: number; before: string | null };

export function readArgs({ first, after, last, before }: ConnectionArgs): PageRequest {
  if (first != null && last != null) {
    throw badUserInput('Pass either "first" (forward) or "last" (backward), not both.');
  }
  const backward = last != null || (first == null && before != null);
  if (backward && after != null) {
    throw badUserInput('"after" pages forward: use it with "first", not with "last".', { argumentName: 'after' });
  }
  if (!backward && before != null) {
    throw badUserInput('"before" pages backward: use it with "last", not with "first".', { argumentName: 'before' });
  }
  return backward
    ? { direction: 'backward', size: pageSize('last', last), before: before ?? null }
    : { direction: 'forward', size: pageSize('first', first), after: after ?? null };
}

function pageSize(argName: 'first' | 'last', value: number | null | undefined): number {
  if (value == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(value) || value < 0 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`Argument "${argName}" must be between 0 and ${MAX_PAGE_SIZE} (got ${value}).`, {
      argumentName: argName,
    });
  }
  return value;
}
