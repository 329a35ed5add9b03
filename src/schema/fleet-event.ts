import { responsePathAsArray } from 'graphql';
import { badUserInput, GatewayError } from '../gamelift/errors.js';
import { isFleetIdOrArn } from '../gamelift/fleets/ids.js';
import { isRegionName, regionOfArn } from '../gamelift/regions.js';
import type { GatewayContext } from './context.js';
import { builder } from './builder.js';
import { cost } from './cost.js';
import { FleetEventCode } from './enums.js';
import { FleetEventLogRef, readEventLog } from './fleet-event-log.js';
import { fleetIfExists } from './fleet.js';
import { FleetEventRef, fleetKey, FleetRef } from './refs.js';

interface FleetEventKey {
  readonly fleetId: string;
  readonly eventTime: number;
  readonly eventId: string;
  readonly region: string;
}

/**
 * The global id carries what refetching needs: GameLift looks events up by fleet and time, in the
 * fleet's Region. `[fleetId, eventTime, eventId, region]`; ids minted before Regions have no
 * Region and mean the default Region's fleet (or its ARN's).
 */
function parseFleetEventKey(id: string, { gamelift }: GatewayContext): FleetEventKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(id);
  } catch {
    parsed = null;
  }
  if (Array.isArray(parsed) && (parsed.length === 3 || parsed.length === 4)) {
    const [fleetId, eventTime, eventId, given] = parsed as unknown[];
    const region = given ?? (typeof fleetId === 'string' ? (regionOfArn(fleetId) ?? gamelift.regions.default) : undefined);
    if (
      typeof fleetId === 'string' &&
      isFleetIdOrArn(fleetId) &&
      typeof eventTime === 'number' &&
      Number.isSafeInteger(eventTime) &&
      typeof eventId === 'string' &&
      eventId.length > 0 &&
      typeof region === 'string' &&
      isRegionName(region)
    ) {
      return { fleetId, eventTime, eventId, region };
    }
  }
  throw badUserInput('Not a valid FleetEvent id. Use the id of a FleetEvent returned by this API.', { argumentName: 'id' });
}

builder.node(FleetEventRef, {
  description:
    "An entry of a fleet's event log: a creation step, a state change, a scaling action, a crash. " +
    'Refetching it by id (`node`) asks GameLift again, which also mints a fresh `preSignedLogUrl`.',
  id: {
    resolve: ({ fleetId, event, region }) => JSON.stringify([fleetId, event.EventTime?.getTime() ?? 0, event.EventId ?? '', region]),
    parse: parseFleetEventKey,
  },
  loadOne: async ({ fleetId, eventTime, eventId, region }, { gamelift }) => {
    // An event of a Region not served no longer exists for this gateway.
    if (!gamelift.regions.all.includes(region)) return null;
    try {
      return await gamelift.in(region).events.find(fleetId, new Date(eventTime), eventId);
    } catch (error) {
      // Refetching an event of a fleet that is gone answers null, as for any object that no longer exists.
      if (error instanceof GatewayError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  },
  fields: (t) => ({
    eventId: t.string({ description: "GameLift's unique id of the event.", resolve: ({ event }) => event.EventId ?? '' }),
    resourceId: t.string({
      description: 'Id of the resource the event is about, usually the fleet id.',
      resolve: ({ event, fleetId }) => event.ResourceId ?? fleetId,
    }),
    eventCode: t.field({
      type: FleetEventCode.type,
      description: 'What happened. UNKNOWN for a code newer than this gateway: see `rawEventCode`.',
      resolve: ({ event }) => FleetEventCode.fromAws(event.EventCode) ?? 'UNKNOWN',
    }),
    rawEventCode: t.string({
      description: 'The event code exactly as GameLift sent it, including codes newer than this gateway.',
      resolve: ({ event }) => event.EventCode ?? '',
    }),
    message: t.string({ nullable: true, description: 'Human-readable detail of the event.', resolve: ({ event }) => event.Message }),
    eventTime: t.field({
      type: 'DateTime',
      description: 'When the event occurred (UTC, millisecond precision).',
      resolve: ({ event }) => event.EventTime ?? new Date(0),
    }),
    count: t.int({
      nullable: true,
      description: 'How many identical events GameLift folded into this one (1 to 101).',
      resolve: ({ event }) => event.Count,
    }),
    preSignedLogUrl: t.string({
      nullable: true,
      description:
        'Presigned S3 URL of the log file of this step, valid for 15 minutes from when it was fetched; ' +
        'null when the event has no log. Refetch the event (`node`) for a fresh one.',
      resolve: ({ event }) => event.PreSignedLogUrl,
    }),
    logContent: t.string({
      nullable: true,
      description:
        'The log text behind `preSignedLogUrl`, fetched only when selected; null when the event has no log. ' +
        'At most LOG_MAX_BYTES (1 MiB by default): a longer log is cut at a character boundary and the response ' +
        "carries a LOG_TRUNCATED entry in `extensions.warnings`. Use `log` for the log's size or its last lines.",
      extensions: cost({ logs: 1 }),
      resolve: async (record, _args, context, info) => {
        const log = await readEventLog(record, {}, context, info);
        if (log?.truncated) {
          context.warnings.push({
            code: 'LOG_TRUNCATED',
            message: `Log truncated to its first ${log.contentBytes} bytes; use FleetEvent.log(tail: true) for its end.`,
            path: responsePathAsArray(info.path),
            contentBytes: log.contentBytes,
            sizeBytes: log.sizeBytes,
          });
        }
        return log?.content ?? null;
      },
    }),
    log: t.field({
      type: FleetEventLogRef,
      nullable: true,
      description:
        "The event's log with its size, truncation and URL expiry, read from `preSignedLogUrl` only when selected; " +
        'null when the event has no log. `tail: true, lines: 50` gives the last 50 lines, typically where a failed step says why.',
      args: {
        maxBytes: t.arg.int({
          description: 'At most this many bytes of content (1 to LOG_MAX_BYTES, which is also the default).',
        }),
        tail: t.arg.boolean({
          defaultValue: false,
          description: 'Take the content from the end of the log instead of the beginning.',
        }),
        lines: t.arg.int({ description: 'At most this many lines (the first ones, or the last with `tail`), still within maxBytes.' }),
      },
      extensions: cost({ logs: 1 }),
      resolve: (record, { maxBytes, tail, lines }, context, info) =>
        readEventLog(record, { maxBytes: maxBytes ?? undefined, tail: tail ?? false, lines: lines ?? undefined }, context, info),
    }),
    fleet: t.field({
      type: FleetRef,
      nullable: true,
      description: 'The fleet this event belongs to; null if the fleet no longer exists.',
      resolve: ({ fleetId, region }, _args, context, info) => fleetIfExists(fleetKey(fleetId, region), context, info),
    }),
  }),
});
