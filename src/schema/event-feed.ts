import { responsePathAsArray } from 'graphql';
import { connectionScope } from '../gamelift/paging/connection.js';
import { badUserInput } from '../gamelift/errors.js';
import { feedSource, resolveEventFeed } from '../gamelift/feed/event-feed.js';
import { MAX_FEED_FLEETS } from '../gamelift/feed/cursor.js';
import { fleetIdOf, isFleetIdOrArn } from '../gamelift/fleets/ids.js';
import { builder } from './builder.js';
import { cost, type CostSettings } from './cost.js';
import { eventFilterArgs, eventFilters, FleetEventConnection } from './fleet-event-connection.js';

/** The fleet set: distinct fleet ids (an ARN counts as the id it names), sorted, 1 to 50 of them. */
function fleetSet(fleetIds: readonly string[]): string[] {
  const malformed = fleetIds.find((id) => !isFleetIdOrArn(id));
  if (malformed !== undefined) {
    throw badUserInput(`Argument "fleetIds" holds "${malformed.slice(0, 100)}", which is not a fleet id or ARN.`, {
      argumentName: 'fleetIds',
    });
  }
  const set = [...new Set(fleetIds.map(fleetIdOf))].sort();
  if (set.length === 0) throw badUserInput('Argument "fleetIds" must name at least one fleet.', { argumentName: 'fleetIds' });
  if (set.length > MAX_FEED_FLEETS) {
    throw badUserInput(`Argument "fleetIds" names ${set.length} distinct fleets; the feed takes at most ${MAX_FEED_FLEETS}.`, {
      argumentName: 'fleetIds',
      limit: MAX_FEED_FLEETS,
      actual: set.length,
    });
  }
  return set;
}

/** A page reads each fleet at most once, and only the first page reads them all. */
const feedCost = (args: Readonly<Record<string, unknown>>, settings: CostSettings) =>
  (Array.isArray(args.fleetIds) ? Math.min(MAX_FEED_FLEETS, new Set(args.fleetIds.map((id) => fleetIdOf(String(id)))).size) : 1) +
  // With several Regions, the fleets' home Regions are looked up first: one batched call per Region.
  (settings.regions > 1 ? settings.regions : 0);

builder.queryFields((t) => ({
  events: t.field({
    type: FleetEventConnection,
    description:
      'The events of up to 50 fleets merged into one list, newest first: by `eventTime` descending, ties by ' +
      '`fleetId` ascending, then in GameLift\'s order within a fleet. Forward pages only (`first`/`after`). A cursor ' +
      "carries every fleet's position, so a page reads (DescribeFleetEvents, concurrently) only the fleets it takes " +
      'events from, at most once each; the first page reads every fleet once. Cursors are bound to the fleet set ' +
      'and the filters. A fleet GameLift does not know is left out, with a FLEET_NOT_FOUND entry in ' +
      '`extensions.warnings`.',
    extensions: cost({ calls: feedCost }),
    args: {
      fleetIds: t.arg({
        type: ['ID'],
        required: true,
        description:
          'The fleets, by id or ARN, of any Region served (an ARN counts as the fleet id it names, read in its Region): a set, ' +
          'so order and repeats change nothing; 1 to 50 distinct fleets.',
      }),
      first: t.arg.int({ description: 'Forward pagination: at most this many edges (0 to 100; default 20).' }),
      after: t.arg.string({ description: 'Forward pagination: edges after this cursor (an `endCursor` or edge cursor).' }),
      ...eventFilterArgs,
    },
    resolve: async (_root, args, context, info) => {
      const fleetIds = fleetSet(args.fleetIds);
      const filters = eventFilters(args);
      const { gamelift } = context;
      // Each fleet read in its home Region; one no Region served knows is asked in the default Region, whose NOT_FOUND leaves it out.
      const regions = await Promise.all(fleetIds.map((fleetId) => gamelift.locate(fleetId)));
      const fleets = fleetIds.map((fleetId, i) => ({
        fleetId,
        source: feedSource(gamelift.in(regions[i] ?? gamelift.regions.default).events.source(fleetId, filters)),
      }));
      const scope = connectionScope('FleetEventFeed', null, { ...args, fleetIds });
      const exactReads = !filters.startTime && !filters.endTime && !filters.matches;
      const page = await resolveEventFeed(fleets, args, scope, { limits: context.pagination, exactReads });
      for (const fleetId of page.missing) {
        context.warnings.push({
          code: 'FLEET_NOT_FOUND',
          message: `GameLift does not know the fleet ${fleetId}; the feed leaves it out.`,
          path: responsePathAsArray(info.path),
          fleetId,
        });
      }
      return page;
    },
  }),
}));
