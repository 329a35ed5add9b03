import type { SeedEvent } from '../seed/index.js';

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

/** Both bounds inclusive, either optional; newest-first order makes the matches contiguous. */
export function eventRange(events: readonly SeedEvent[], start?: number, end?: number): EventRange {
  return {
    first: end === undefined ? 0 : boundary(events, (event) => event.EventTime <= end),
    last: start === undefined ? events.length : boundary(events, (event) => event.EventTime < start),
  };
}
