/**
 * Cursors of the event feed across fleets. Like every cursor (paging/cursor.ts) they are self-contained
 * and bound to a scope (the fleet set and filters); unlike the others they carry one position per
 * fleet that still has events, so they have a layout and a length bound of their own.
 *
 * Layout, as JSON in base64url: `[1, scope, reference time, ...fleets]`, a fleet being
 * `[rank, times, position?]`:
 * - rank: the fleet's index in the sorted fleet set (the scope binds the set, so ranks are stable);
 * - times: the times of its next events as base-36 differences in ms, the first from the reference
 *   time, each next from the one before (`3k.0.1z`), then `!` when nothing follows them; or
 *   `~<difference>` when only a bound of its next event's time is known, `*` when not even that;
 * - position: absent (the start of its log), a NextToken (the start of that upstream page), or
 *   `[token or 0, limit, index, key]` (after that item, as in paging/cursor.ts; 0 is the first page).
 */
import { cursorJson, foreignCursor, isWellFormedPosition, malformedCursor, toCursorText, type ItemPosition } from '../paging/cursor.js';
import type { LaneState } from './merge.js';

export const MAX_FEED_FLEETS = 50;
/** Known event times a cursor carries beyond the fleets' heads (and one more per fleet among them): enough to plan a page of 100. */
export const FEED_EXTRA_TIMES = 101;
/** GameLift's NextToken is at most 1,024 characters. */
const MAX_TOKEN_LENGTH = 1024;
/**
 * Per fleet a token and at most 64 characters more, plus the times (at most 12 characters each),
 * plus a third for base64: about 73 KiB at worst. Typical cursors are far smaller (see README).
 */
const MAX_FEED_CURSOR_LENGTH = Math.ceil(
  ((MAX_FEED_FLEETS * (MAX_TOKEN_LENGTH + 64) + (2 * MAX_FEED_FLEETS + FEED_EXTRA_TIMES) * 12 + 128) * 4) / 3,
);

const TIMES = /^(?:\*|~[0-9a-z]{1,11}|[0-9a-z]{1,11}(?:\.[0-9a-z]{1,11})*!?)$/;

export function encodeFeedCursor(scope: string, lanes: readonly LaneState[]): string {
  const reference = Math.max(0, ...lanes.flatMap((lane) => lane.times.slice(0, 1).concat(lane.bound ?? [])));
  return toCursorText([1, scope, reference, ...lanes.map((lane) => laneJson(lane, reference))]);
}

function laneJson(lane: LaneState, reference: number): unknown[] {
  const differences = lane.times.map((time, i) => Math.max(0, (i === 0 ? reference : (lane.times[i - 1] as number)) - time).toString(36));
  const times =
    differences.length > 0
      ? `${differences.join('.')}${lane.end ? '!' : ''}`
      : lane.bound === null
        ? '*'
        : `~${Math.max(0, reference - lane.bound).toString(36)}`;
  const { position } = lane;
  if (position === null || (position.index === -1 && position.token === null)) return [lane.rank, times];
  if (position.index === -1) return [lane.rank, times, position.token];
  return [lane.rank, times, [position.token ?? 0, position.limit, position.index, position.key]];
}

/** The fleets' states a cursor carries; BAD_USER_INPUT when it is malformed or from elsewhere. */
export function decodeFeedCursor(raw: string, scope: string, fleetCount: number, argName: string): LaneState[] {
  const value = cursorJson(raw, MAX_FEED_CURSOR_LENGTH);
  if (!Array.isArray(value)) {
    // Another connection's cursor (an object with its own scope) is named as such.
    const other = typeof value === 'object' && value !== null && typeof (value as { s?: unknown }).s === 'string';
    throw other ? foreignCursor(argName) : malformedCursor(argName);
  }
  const [version, cursorScope, reference, ...lanes] = value as unknown[];
  if (version !== 1 || typeof cursorScope !== 'string') throw malformedCursor(argName);
  if (cursorScope !== scope) throw foreignCursor(argName);
  if (typeof reference !== 'number' || !Number.isSafeInteger(reference) || reference < 0) throw malformedCursor(argName);
  const states: LaneState[] = [];
  for (const lane of lanes) {
    const state = parseLane(lane, reference, fleetCount);
    const previous = states.at(-1);
    if (!state || (previous && state.rank <= previous.rank)) throw malformedCursor(argName);
    states.push(state);
  }
  const times = states.reduce((sum, state) => sum + state.times.length, 0);
  if (times > 2 * states.length + FEED_EXTRA_TIMES) throw malformedCursor(argName);
  return states;
}

function parseLane(value: unknown, reference: number, fleetCount: number): LaneState | null {
  if (!Array.isArray(value) || value.length < 2 || value.length > 3) return null;
  const [rank, times, position] = value as unknown[];
  if (typeof rank !== 'number' || !Number.isInteger(rank) || rank < 0 || rank >= fleetCount) return null;
  if (typeof times !== 'string' || !TIMES.test(times)) return null;
  const parsedPosition = value.length === 2 ? null : parsePosition(position);
  if (parsedPosition === undefined) return null;
  if (times === '*') return { rank, position: parsedPosition, times: [], end: false, bound: null };
  if (times.startsWith('~')) {
    const bound = reference - parseInt(times.slice(1), 36);
    return bound < 0 ? null : { rank, position: parsedPosition, times: [], end: false, bound };
  }
  const end = times.endsWith('!');
  let time = reference;
  const list: number[] = [];
  for (const difference of (end ? times.slice(0, -1) : times).split('.')) {
    time -= parseInt(difference, 36);
    if (time < 0) return null;
    list.push(time);
  }
  return { rank, position: parsedPosition, times: list, end, bound: null };
}

/** undefined: malformed. */
function parsePosition(value: unknown): ItemPosition | undefined {
  if (typeof value === 'string') {
    return value.length > 0 && value.length <= MAX_TOKEN_LENGTH ? { token: value, limit: 0, index: -1, key: null } : undefined;
  }
  if (!Array.isArray(value) || value.length !== 4) return undefined;
  const [rawToken, limit, index, key] = value as unknown[];
  const token = rawToken === 0 ? null : rawToken;
  if (typeof token === 'string' && token.length > MAX_TOKEN_LENGTH) return undefined;
  return isWellFormedPosition(token, limit, index, key) ? ({ token, limit, index, key } as ItemPosition) : undefined;
}
