import type { SeedEvent } from '../seed/index.js';
import type { EventKey } from './tokens.js';

/** Index range [first, last) of the newest-first `events` whose EventTime lies in [start, end]. */
export interface EventRange {
  readonly first: number;
  readonly last: number;
}

/** First index at which `holds` turns true; it must be false then true along the list. */
function boundary(events: readonly SeedEvent[], holds: (event: SeedEvent) => boolean): number {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const event = events[middle];
    if (event && holds(event)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** The first event no newer than `time`; an event written at `time` goes here, newest of its tie. */
export const firstNotNewerThan = (events: readonly SeedEvent[], time: number): number =>
  boundary(events, (event) => event.EventTime <= time);

/** Both bounds inclusive, either optional; newest-first order makes the matches contiguous. */
export function eventRange(events: readonly SeedEvent[], start?: number, end?: number): EventRange {
  return {
    first: end === undefined ? 0 : firstNotNewerThan(events, end),
    last: start === undefined ? events.length : boundary(events, (event) => event.EventTime < start),
  };
}

/** The index just past the event `key` names, wherever events were added since; undefined if absent. */
export function positionAfter(events: readonly SeedEvent[], key: EventKey): number | undefined {
  for (let i = firstNotNewerThan(events, key.time); events[i]?.EventTime === key.time; i++) {
    if (events[i]?.EventId === key.eventId) return i + 1;
  }
  return undefined;
}
