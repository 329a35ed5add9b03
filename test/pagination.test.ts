import { describe, expect, it } from 'vitest';
import { resolveConnection, type Connection, type ConnectionArgs } from '../src/gamelift/paging/connection.js';
import { cursorScope } from '../src/gamelift/paging/cursor.js';
import { GatewayError } from '../src/gamelift/errors.js';
import { defaultPaginationLimits, type PagedSource } from '../src/gamelift/paging/pagination.js';

/**
 * A token-paged list with GameLift's semantics: a token marks a page start whatever the limit,
 * and with `sparse` the upstream applies a filter after scanning `limit` raw items, so pages can
 * come back empty with a token, including a final empty page (as DescribeFleetEvents does with
 * time filters).
 */
class TokenPagedList implements PagedSource<string> {
  calls = 0;
  requestedItems = 0;

  constructor(
    private readonly raw: readonly string[],
    private readonly sparse?: (item: string) => boolean,
    readonly matches?: (item: string) => boolean,
  ) {}

  async fetchPage(token: string | undefined, limit: number) {
    this.calls++;
    this.requestedItems += limit;
    const offset = token === undefined ? 0 : Number(/^pos-(\d+)$/.exec(token)?.[1] ?? NaN);
    if (!Number.isInteger(offset)) throw new GatewayError('UPSTREAM_INVALID_REQUEST', 'bad token');
    if (this.sparse) {
      const scanned = this.raw.slice(offset, offset + limit);
      const end = offset + scanned.length;
      const more = end < this.raw.length || (scanned.length === limit && offset < this.raw.length);
      return { items: scanned.filter(this.sparse), nextToken: more ? `pos-${end}` : undefined };
    }
    const items = this.raw.slice(offset, offset + limit);
    const end = offset + items.length;
    return { items, nextToken: end < this.raw.length ? `pos-${end}` : undefined };
  }

  keyOf(item: string) {
    return item;
  }
}

const scope = cursorScope('test', { list: 'a' });
const limits = defaultPaginationLimits;
const items = (n: number) => Array.from({ length: n }, (_, i) => `item-${String(i).padStart(4, '0')}`);
const page = (list: PagedSource<string>, args: ConnectionArgs) => resolveConnection(list, args, scope, limits);
const nodes = (c: Connection<string>) => c.edges.map((e) => e.node);

async function walkForward(list: PagedSource<string>, size: number) {
  const seen: string[] = [];
  const pages: Connection<string>[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const c: Connection<string> = await page(list, { first: size, after });
    pages.push(c);
    seen.push(...nodes(c));
    if (!c.pageInfo.hasNextPage) return { seen, pages };
    after = c.pageInfo.endCursor;
  }
  throw new Error('walk did not end');
}

async function walkBackward(list: PagedSource<string>, size: number) {
  const seen: string[] = [];
  let before: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const c: Connection<string> = await page(list, { last: size, before });
    seen.unshift(...nodes(c));
    if (!c.pageInfo.hasPreviousPage) return seen;
    before = c.pageInfo.startCursor;
  }
  throw new Error('walk did not end');
}

describe('forward pagination over NextToken', () => {
  for (const total of [0, 1, 19, 20, 21, 100, 237]) {
    for (const size of [1, 3, 20, 100]) {
      it(`walks ${total} items in pages of ${size} exactly once, in order, with exact hasNextPage`, async () => {
        const raw = items(total);
        const { seen, pages } = await walkForward(new TokenPagedList(raw), size);
        expect(seen).toEqual(raw);
        // Every page but the last is full; an exact hasNextPage means no trailing empty page.
        expect(pages.slice(0, -1).every((p) => p.edges.length === size)).toBe(true);
        expect(pages.length).toBe(Math.max(1, Math.ceil(total / size)));
      });
    }
  }

  it('stays exact across empty upstream pages and a final empty page', async () => {
    const raw = items(300);
    const visible = (item: string) => Number(item.slice(5)) % 37 === 0;
    for (const size of [1, 2, 5, 20]) {
      const list = new TokenPagedList(raw, visible);
      const { seen, pages } = await walkForward(list, size);
      expect(seen).toEqual(raw.filter(visible));
      expect(pages.at(-1)?.edges.length).toBeGreaterThan(0);
    }
  });

  it('resumes after every cursor of a walk with the items that follow it', async () => {
    const raw = items(75);
    const list = new TokenPagedList(raw);
    const { pages } = await walkForward(list, 7);
    const edges = pages.flatMap((p) => p.edges);
    for (const [i, edge] of edges.entries()) {
      const next = await page(list, { first: 5, after: edge.cursor });
      expect(nodes(next)).toEqual(raw.slice(i + 1, i + 6));
      expect(next.pageInfo.hasNextPage).toBe(i + 6 < raw.length);
      expect(next.pageInfo.hasPreviousPage).toBe(true);
    }
  });

  it('costs O(1) upstream calls to resume, however deep the cursor is', async () => {
    const raw = items(5000);
    const list = new TokenPagedList(raw);
    const { pages } = await walkForward(list, 100);
    const deep = pages.at(-3)?.pageInfo.endCursor ?? null;
    list.calls = 0;
    list.requestedItems = 0;
    const next = await page(list, { first: 100, after: deep });
    expect(nodes(next)).toEqual(raw.slice(4800, 4900));
    expect(list.calls).toBeLessThanOrEqual(2);
    expect(list.requestedItems).toBeLessThanOrEqual(500);
  });

  it('resumes from a cursor deep inside a large upstream page in bounded calls', async () => {
    const raw = items(2000);
    const list = new TokenPagedList(raw);
    // Backward pages come from large upstream pages, so their cursors sit deep inside them.
    const tail = await page(list, { last: 10 });
    list.calls = 0;
    list.requestedItems = 0;
    const next = await page(list, { first: 3, after: tail.edges[0]?.cursor ?? null });
    expect(nodes(next)).toEqual(raw.slice(1991, 1994));
    expect(list.calls).toBe(1);
    expect(list.requestedItems).toBe(limits.backwardPageSize);
  });

  it('costs at most two upstream calls per page over a whole walk', async () => {
    for (const size of [1, 20, 100]) {
      const list = new TokenPagedList(items(1500));
      const { pages } = await walkForward(list, size);
      expect(list.calls).toBeLessThanOrEqual(2 * pages.length);
      expect(list.requestedItems).toBeLessThanOrEqual(pages.length * (limits.maxReplay + 2 * (size + 1)));
    }
  });

  it('fills pages through a gateway-side filter and stops scanning at its bound with a resumable cursor', async () => {
    const raw = items(3000);
    const rare = (item: string) => item.endsWith('0') && Number(item.slice(5)) % 1000 === 0;
    const list = new TokenPagedList(raw, undefined, rare);
    const first = await page(list, { first: 2 });
    expect(nodes(first)).toEqual(['item-0000', 'item-1000']);
    const all = await walkForward(new TokenPagedList(raw, undefined, rare), 2);
    expect(all.seen).toEqual(raw.filter(rare));

    // A filter that matches nothing within the scan bound: no edges, but the walk still advances.
    const none = new TokenPagedList(items(20_000), undefined, (item) => item === 'item-19999');
    const stalled = await page(none, { first: 5 });
    expect(stalled.edges).toEqual([]);
    expect(stalled.pageInfo.hasNextPage).toBe(true);
    expect(none.calls).toBe(limits.maxScanPages);
    const { seen } = await walkForward(none, 5);
    expect(seen).toEqual(['item-19999']);
  });

  it('serves first: 0 with an exact hasNextPage', async () => {
    expect((await page(new TokenPagedList(items(3)), { first: 0 })).pageInfo.hasNextPage).toBe(true);
    expect((await page(new TokenPagedList([]), { first: 0 })).pageInfo.hasNextPage).toBe(false);
  });
});

describe('backward pagination', () => {
  for (const total of [0, 1, 20, 21, 237]) {
    for (const size of [1, 20, 100]) {
      it(`walks ${total} items backward in pages of ${size}, same order as forward`, async () => {
        const raw = items(total);
        expect(await walkBackward(new TokenPagedList(raw), size)).toEqual(raw);
      });
    }
  }

  it('returns the items just before a forward cursor, in forward order', async () => {
    const raw = items(50);
    const list = new TokenPagedList(raw);
    const forward = await page(list, { first: 30 });
    const before = await page(list, { last: 4, before: forward.edges[25]?.cursor ?? null });
    expect(nodes(before)).toEqual(raw.slice(21, 25));
    expect(before.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const atHead = await page(list, { last: 10, before: forward.edges[3]?.cursor ?? null });
    expect(nodes(atHead)).toEqual(raw.slice(0, 3));
    expect(atHead.pageInfo.hasPreviousPage).toBe(false);
  });

  it('walks across empty upstream pages and applies gateway-side filters', async () => {
    const raw = items(400);
    const visible = (item: string) => Number(item.slice(5)) % 13 === 0;
    const even = (item: string) => Number(item.slice(5)) % 2 === 0;
    const list = new TokenPagedList(raw, visible, even);
    expect(await walkBackward(list, 3)).toEqual(raw.filter(visible).filter(even));
  });
});

describe('cursor and argument validation', () => {
  const list = new TokenPagedList(items(10));
  const otherScope = cursorScope('test', { list: 'b' });

  const cases: [string, ConnectionArgs | (() => Promise<ConnectionArgs>)][] = [
    ['first and last together', { first: 1, last: 1 }],
    ['negative first', { first: -1 }],
    ['first over the maximum', { first: 101 }],
    ['negative last', { last: -5 }],
    ['after with last', { last: 2, after: 'abc' }],
    ['before with first', { first: 2, before: 'abc' }],
    ['garbage cursor', { first: 2, after: 'not a cursor!' }],
    ['base64 of nonsense', { first: 2, after: Buffer.from('{"v":2}').toString('base64url') }],
    ['oversized cursor', { first: 2, after: 'a'.repeat(10_000) }],
    [
      'cursor from another scope',
      async () => {
        const other = await resolveConnection(list, { first: 2 }, otherScope, limits);
        return { first: 2, after: other.pageInfo.endCursor };
      },
    ],
    [
      'cursor whose item no longer matches',
      async () => {
        const c = await page(new TokenPagedList(items(10).reverse()), { first: 2 });
        return { first: 2, after: c.pageInfo.endCursor };
      },
    ],
  ];
  for (const [name, args] of cases) {
    it(`refuses ${name} with BAD_USER_INPUT`, async () => {
      const resolved = typeof args === 'function' ? await args() : args;
      const error = await page(list, resolved).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).code).toBe('BAD_USER_INPUT');
    });
  }

  it('defaults to 20 items', async () => {
    expect((await page(new TokenPagedList(items(50)), {})).edges).toHaveLength(20);
    expect((await page(new TokenPagedList(items(50)), { last: null })).edges).toHaveLength(20);
  });
});
