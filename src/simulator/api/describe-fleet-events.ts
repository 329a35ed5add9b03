import type { EmptyPagesMode, Operation } from './context.js';
import { notFound } from './errors.js';
import { eventRange, positionAfter } from './event-positions.js';
import type { FleetView } from './fleet-directory.js';
import { FLEET_ID_OR_ARN, InputReader, NEXT_TOKEN } from './input.js';
import { contiguousPage, DEFAULT_PAGE_SIZE, scanPage } from './paging.js';
import { invalidToken } from './tokens.js';
import { wireEvent } from './wire.js';

const emptyPagesFor = (fleet: FleetView, mode: EmptyPagesMode): boolean =>
  mode === 'always' || (mode === 'seeded' && fleet.emptyPagesOnTimeFilter);

/**
 * Events newest first. Tokens name the last event already handed out, so a page start never
 * depends on Limit nor moves when events are added. Time-filtered queries on empty-page fleets
 * scan raw events (see scanPage); all others page over the matching events only, so every page
 * but the last is full.
 */
export const describeFleetEvents: Operation = (input, { directory, tokens, logUrls, emptyPages }) => {
  const reader = new InputReader(input);
  const reference = reader.requiredString('FleetId', FLEET_ID_OR_ARN);
  const start = reader.timestamp('StartTime');
  const end = reader.timestamp('EndTime');
  const limit = reader.integer('Limit', 1) ?? DEFAULT_PAGE_SIZE;
  const token = reader.string('NextToken', NEXT_TOKEN);
  reader.done();

  const fleet = directory.find(reference);
  if (!fleet) throw notFound(`Fleet ${reference} not found.`);
  const { events } = fleet;
  const scope = ['DescribeFleetEvents', fleet.attributes.FleetId, start ?? null, end ?? null];
  const position = token === undefined ? 0 : positionAfter(events, tokens.openAfter(token, scope));
  if (position === undefined) throw invalidToken();
  const range = eventRange(events, start, end);
  const timeFiltered = start !== undefined || end !== undefined;

  const span =
    timeFiltered && emptyPagesFor(fleet, emptyPages)
      ? scanPage(position, events.length, limit)
      : contiguousPage(Math.max(position, range.first), range.last, limit);
  const page = events.slice(Math.max(span.from, range.first), Math.min(span.to, range.last));
  // Both page kinds hand out a token only after at least one event, which the token then names.
  const last = span.next === undefined ? undefined : events[span.next - 1];

  return {
    Events: page.map((event) => wireEvent(event, event.logKey === undefined ? undefined : logUrls.mint(event.logKey))),
    ...(last === undefined ? {} : { NextToken: tokens.issueAfter(scope, { time: last.EventTime, eventId: last.EventId }) }),
  };
};
