import { connectionOf, readArgs, type Connection, type ConnectionArgs } from './connection.js';
import { cursorJson, decodeCursor, encodeCursor, foreignCursor, malformedCursor, toCursorText, type ItemPosition } from './cursor.js';
import { pageBackward, pageForward, type PagedSource, type PaginationLimits, type PageEdge } from './pagination.js';

/** An item of one Region's list. */
export interface RegionalItem<T> {
  readonly region: string;
  readonly item: T;
}

/** How the connection reaches each Region's list, and what binds a cursor to it. */
export interface RegionalLists<T> {
  /** The Regions listed, in order. */
  readonly regions: readonly string[];
  sourceOf(region: string): PagedSource<T>;
  /** The scope of a Region's positions (see connectionScope); the default Region's is the one cursors had before Regions. */
  scopeOf(region: string): string;
  /** The Region a cursor without one means (issued before the gateway served several). */
  readonly defaultRegion: string;
}

const MAX_CURSOR_LENGTH = 4608;

interface Place {
  readonly index: number;
  readonly position: ItemPosition | null;
}

/**
 * One Relay connection over several Regions' token-paged lists, one after the other in the order
 * given, each in its own order. A cursor holds its Region and the position in that Region's
 * list, so a page resumes in the right Region and reads only the Regions it needs: the one it
 * resumes in, the next ones while the page is not full, and, when a Region ends exactly where the
 * page does, one call of each following Region until one has an item (hasNextPage is exact).
 */
export async function resolveRegionalConnection<T>(
  lists: RegionalLists<T>,
  args: ConnectionArgs,
  limits: PaginationLimits,
): Promise<Connection<RegionalItem<T>>> {
  const request = readArgs(args);
  const { regions } = lists;
  const collected: { region: string; edge: PageEdge<T> }[] = [];
  const hasItems = async (index: number) => (await lists.sourceOf(regions[index] as string).fetchPage(undefined, 1)).items.length > 0;
  let hasNextPage = false;
  let hasPreviousPage = false;
  let resumeAt: { region: string; position: ItemPosition } | undefined;
  if (request.direction === 'forward') {
    const start = request.after === null ? { index: 0, position: null } : decode(lists, request.after, 'after');
    hasPreviousPage = start.position !== null || start.index > 0;
    for (let index = start.index; index < regions.length; index++) {
      const region = regions[index] as string;
      const page = await pageForward(lists.sourceOf(region), index === start.index ? start.position : null, request.size - collected.length, limits);
      collected.push(...page.edges.map((edge) => ({ region, edge })));
      if (page.resumeAt) resumeAt = { region, position: page.resumeAt };
      if (page.hasNextPage || page.resumeAt) {
        hasNextPage = true;
        break;
      }
      if (collected.length >= request.size) {
        for (let later = index + 1; later < regions.length && !hasNextPage; later++) hasNextPage = await hasItems(later);
        break;
      }
    }
  } else {
    const start = request.before === null ? { index: regions.length - 1, position: null } : decode(lists, request.before, 'before');
    hasNextPage = start.position !== null || start.index < regions.length - 1;
    for (let index = start.index; index >= 0; index--) {
      const region = regions[index] as string;
      const page = await pageBackward(lists.sourceOf(region), index === start.index ? start.position : null, request.size - collected.length, limits);
      collected.unshift(...page.edges.map((edge) => ({ region, edge })));
      if (page.hasPreviousPage) {
        hasPreviousPage = true;
        break;
      }
      if (collected.length >= request.size) {
        for (let earlier = index - 1; earlier >= 0 && !hasPreviousPage; earlier--) hasPreviousPage = await hasItems(earlier);
        break;
      }
    }
  }
  const cursorOf = (region: string, position: ItemPosition) => toCursorText({ r: region, c: encodeCursor(lists.scopeOf(region), position) });
  const resume = resumeAt;
  return connectionOf(
    collected,
    ({ region, edge }) => ({ region, item: edge.item }),
    ({ region, edge }) => cursorOf(region, edge.position),
    { hasNextPage, hasPreviousPage },
    resume && (() => cursorOf(resume.region, resume.position)),
  );
}

/** A cursor's Region (by its place in the list) and position; one without a Region is the default Region's. */
function decode<T>(lists: RegionalLists<T>, raw: string, argName: string): Place {
  const value = cursorJson(raw, MAX_CURSOR_LENGTH);
  if (typeof value !== 'object' || value === null) throw malformedCursor(argName);
  const { r, c } = value as { r?: unknown; c?: unknown };
  const region = r === undefined ? lists.defaultRegion : r;
  const inner = r === undefined ? raw : c;
  if (typeof region !== 'string' || typeof inner !== 'string') throw malformedCursor(argName);
  const index = lists.regions.indexOf(region);
  if (index < 0) throw foreignCursor(argName);
  return { index, position: decodeCursor(inner, lists.scopeOf(region), argName) };
}
