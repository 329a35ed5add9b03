import { createHash } from 'node:crypto';
import { badUserInput } from '../errors.js';

/**
 * Where an item sits upstream. GameLift's NextToken marks page starts, not items, so an item is
 * addressed by the token that started its upstream page (null: the first page), the `Limit` that
 * page was read with and the item's index in it. The limit matters: with time filters GameLift
 * scans `Limit` raw events per call and returns the matching ones, so a page read with a smaller
 * limit may not reach the item. Index -1 addresses the start of a page (a scan position, no item).
 */
export interface Position {
  readonly token: string | null;
  readonly limit: number;
  readonly index: number;
}

/** A position plus the identity of the item found there, checked again on resume. */
export interface ItemPosition extends Position {
  readonly key: string | null;
}

/**
 * A cursor is self-contained (any replica can resume from it, no server state) and carries a
 * scope: a digest of the connection kind, parent and filters it was issued for, so that reusing
 * it elsewhere is refused rather than silently resuming in the wrong place.
 */
interface CursorPayload {
  v: 1;
  s: string;
  t: string | null;
  l: number;
  i: number;
  k: string | null;
}

const MAX_CURSOR_LENGTH = 4096;
/** Bounds the upstream `Limit` a (possibly forged) cursor can make the gateway request. */
const MAX_CURSOR_LIMIT = 10_000;

export function cursorScope(kind: string, parts: Readonly<Record<string, unknown>>): string {
  const digest = createHash('sha256').update(JSON.stringify([kind, parts])).digest('base64url');
  return `${kind}:${digest.slice(0, 16)}`;
}

export function encodeCursor(scope: string, position: ItemPosition): string {
  const payload: CursorPayload = {
    v: 1,
    s: scope,
    t: position.token,
    l: position.limit,
    i: position.index,
    k: position.key,
  };
  return toCursorText(payload);
}

export function decodeCursor(raw: string, scope: string, argName: string): ItemPosition {
  const payload = parsePayload(raw);
  if (!payload) throw malformedCursor(argName);
  if (payload.s !== scope) throw foreignCursor(argName);
  return { token: payload.t, limit: payload.l, index: payload.i, key: payload.k };
}

export const malformedCursor = (argName: string) =>
  badUserInput(`Argument "${argName}" is not a valid cursor. Use a cursor returned by this connection.`, { argumentName: argName });

export const foreignCursor = (argName: string) =>
  badUserInput(
    `Argument "${argName}" is a cursor from a different connection: it was issued for another fleet, ` +
      'another connection or other filter arguments. Restart pagination without a cursor.',
    { argumentName: argName },
  );

/** Whether decoded cursor fields form a position this gateway could have issued. */
export function isWellFormedPosition(t: unknown, l: unknown, i: unknown, k: unknown): boolean {
  return (
    (t === null || (typeof t === 'string' && t.length > 0)) &&
    typeof l === 'number' &&
    Number.isSafeInteger(l) &&
    l >= 0 &&
    l <= MAX_CURSOR_LIMIT &&
    typeof i === 'number' &&
    Number.isSafeInteger(i) &&
    i >= -1 &&
    i < Math.max(l, 1) &&
    (k === null || typeof k === 'string') &&
    // A page-start position (-1) names no item; an item position always names one.
    (i === -1) === (k === null)
  );
}

/** The JSON value a cursor carries; undefined when it is not base64url JSON of at most `maxLength` characters. */
export function cursorJson(raw: string, maxLength: number): unknown {
  if (raw.length === 0 || raw.length > maxLength || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

export const toCursorText = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function parsePayload(raw: string): CursorPayload | null {
  const value = cursorJson(raw, MAX_CURSOR_LENGTH);
  if (typeof value !== 'object' || value === null) return null;
  const { v, s, t, l, i, k } = value as Record<string, unknown>;
  const wellFormed = v === 1 && typeof s === 'string' && isWellFormedPosition(t, l, i, k);
  return wellFormed ? ({ v, s, t, l, i, k } as CursorPayload) : null;
}
