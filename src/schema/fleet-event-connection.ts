import { badUserInput } from '../gamelift/errors.js';
import type { FleetEventFilters } from '../gamelift/events/fleet-events.js';
import { builder } from './builder.js';
import { FleetEventCode } from './enums.js';
import { FleetEventRef } from './refs.js';

/** The page type of both event connections: a fleet's log (`Fleet.events`) and the feed across fleets (`Query.events`). */
export const FleetEventConnection = builder.connectionObject(
  { type: FleetEventRef, name: 'FleetEventConnection', description: 'A page of fleet events.' },
  { name: 'FleetEventEdge', description: 'A fleet event and its cursor.' },
);

/** The filter arguments both event connections take. */
export const eventFilterArgs = builder.args((t) => ({
  startTime: t.field({ type: 'DateTime', description: 'Only events at or after this instant (inclusive).' }),
  endTime: t.field({ type: 'DateTime', description: 'Only events at or before this instant (inclusive).' }),
  eventCodes: t.field({
    type: [FleetEventCode.type],
    description:
      'Only events with one of these codes (UNKNOWN matches codes newer than this gateway). Filtered by the ' +
      'gateway, which scans further upstream pages to fill the page, up to a bound; when it stops at the ' +
      'bound, `hasNextPage` is true and `endCursor` resumes after what was scanned.',
  }),
}));

interface FilterArgs {
  readonly startTime?: Date | null | undefined;
  readonly endTime?: Date | null | undefined;
  readonly eventCodes?: readonly string[] | null | undefined;
}

/** The filters as the access layer applies them; a window that ends before it starts is refused. */
export function eventFilters({ startTime, endTime, eventCodes }: FilterArgs): FleetEventFilters {
  if (startTime && endTime && startTime > endTime) {
    throw badUserInput('"startTime" must not be after "endTime".', { argumentName: 'startTime' });
  }
  const codes = eventCodes ? new Set<string>(eventCodes) : null;
  return {
    startTime: startTime ?? undefined,
    endTime: endTime ?? undefined,
    matches: codes ? (event) => codes.has(FleetEventCode.fromAws(event.EventCode) ?? '') : undefined,
  };
}
