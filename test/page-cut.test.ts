import { describe, expect, it } from 'vitest';
import { connectionScope } from '../src/gamelift/paging/connection.js';
import { cutBackward, cutForward, type ItemRules, type ReadPage } from '../src/gamelift/paging/page-cut.js';

const all: ItemRules<string> = { keyOf: (item) => item, matches: () => true };
const evens: ItemRules<string> = { keyOf: (item) => item, matches: (item) => Number(item.slice(1)) % 2 === 0 };
const read = (token: string | null, items: string[], nextToken?: string): ReadPage<string> => ({ token, limit: 10, items, nextToken });
const keys = (edges: readonly { item: string }[]) => edges.map((edge) => edge.item);

describe('cutForward', () => {
  it('takes items from the skip on, with the position of each', () => {
    const cut = cutForward({ edges: [] }, read('t1', ['a0', 'a1', 'a2'], 't2'), 1, 5, all);
    expect(keys(cut.edges)).toEqual(['a1', 'a2']);
    expect(cut.edges[0]?.position).toEqual({ token: 't1', limit: 10, index: 1, key: 'a1' });
    expect(cut.hasNextPage).toBeUndefined();
  });

  it('is complete, with a next page, once one more item matches than asked for', () => {
    const cut = cutForward({ edges: [] }, read(null, ['a0', 'a1', 'a2'], 't2'), 0, 2, all);
    expect(keys(cut.edges)).toEqual(['a0', 'a1']);
    expect(cut.hasNextPage).toBe(true);
  });

  it('is complete, without a next page, at the end of the list, even when exactly full', () => {
    const cut = cutForward({ edges: [] }, read(null, ['a0', 'a1']), 0, 2, all);
    expect(cut).toEqual({ edges: cut.edges, hasNextPage: false });
  });

  it('continues across pages, and skips what the filter does not match', () => {
    const first = cutForward({ edges: [] }, read(null, ['a1', 'a2', 'a3'], 't2'), 0, 3, evens);
    const second = cutForward(first, read('t2', ['a4', 'a5', 'a6', 'a8']), 0, 3, evens);
    expect(keys(second.edges)).toEqual(['a2', 'a4', 'a6']);
    expect(second.hasNextPage).toBe(true);
    expect(keys(first.edges)).toEqual(['a2']);
  });

  it('treats an empty page with a token as no end', () => {
    expect(cutForward({ edges: [] }, read(null, [], 't2'), 0, 3, all)).toEqual({ edges: [] });
  });
});

describe('cutBackward', () => {
  it('keeps the last items before the cursor, and says whether earlier ones exist', () => {
    const first = cutBackward({ edges: [], hasPreviousPage: false }, read(null, ['a0', 'a1', 'a2'], 't2'), 2, 'a4', all);
    expect(keys(first.edges)).toEqual(['a1', 'a2']);
    expect(first).toMatchObject({ hasPreviousPage: true });
    expect(first.hasNextPage).toBeUndefined();
    const second = cutBackward(first, read('t2', ['a3', 'a4', 'a5']), 2, 'a4', all);
    expect(keys(second.edges)).toEqual(['a2', 'a3']);
    expect(second).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    expect(second.edges[1]?.position).toEqual({ token: 't2', limit: 10, index: 0, key: 'a3' });
  });

  it('ends at the end of the list without a cursor', () => {
    const cut = cutBackward({ edges: [], hasPreviousPage: false }, read(null, ['a0', 'a1', 'a2', 'a3']), 5, null, evens);
    expect(cut).toEqual({ edges: cut.edges, hasPreviousPage: false, hasNextPage: false });
    expect(keys(cut.edges)).toEqual(['a0', 'a2']);
  });
});

describe('connectionScope', () => {
  it('binds every filter argument, and treats lists as sets', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const base = connectionScope('FleetEvent', 'fleet-1', { first: 5, startTime: at, eventCodes: ['A', 'B'] });
    expect(connectionScope('FleetEvent', 'fleet-1', { last: 3, before: 'x', startTime: new Date(at), eventCodes: ['B', 'A', 'B'] })).toBe(base);
    expect(connectionScope('FleetEvent', 'fleet-2', { startTime: at, eventCodes: ['A', 'B'] })).not.toBe(base);
    expect(connectionScope('FleetEvent', 'fleet-1', { startTime: at, eventCodes: ['A'] })).not.toBe(base);
    // An argument nobody listed anywhere is in the scope as soon as it is given.
    expect(connectionScope('FleetEvent', 'fleet-1', { startTime: at, eventCodes: ['A', 'B'], newFilter: 1 })).not.toBe(base);
    expect(connectionScope('FleetEvent', 'fleet-1', { startTime: at, eventCodes: ['A', 'B'], newFilter: null })).toBe(base);
  });
});
