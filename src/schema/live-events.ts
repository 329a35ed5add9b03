import { isFleetIdOrArn } from '../gamelift/fleets/ids.js';
import type { FleetEventRecord } from '../gamelift/events/fleet-events.js';
import type { LiveItem } from '../gamelift/live/live-events.js';
import { mapAsyncIterator } from 'graphql-yoga';
import { builder } from './builder.js';
import { cost, regionLookup } from './cost.js';
import { FleetEventCode } from './enums.js';
import { checkedId } from './fleet.js';
import { eventFilters } from './fleet-event-connection.js';
import { FleetEventRef } from './refs.js';

type RegionalLiveItem = { readonly kind: 'event'; readonly record: FleetEventRecord } | Extract<LiveItem, { kind: 'error' }>;

builder.subscriptionType({
  description:
    'Live data, over GraphQL over Server-Sent Events (POST or GET /graphql with Accept: text/event-stream) or ' +
    'GraphQL over WebSocket (graphql-ws protocol, same URL). Authenticated like queries.',
});

builder.subscriptionField('fleetEvents', (t) =>
  t.field({
    type: FleetEventRef,
    description:
      'Each new event of the fleet, once, oldest first, as it appears in GameLift (polled every LIVE_POLL_INTERVAL_MS, ' +
      'one poller per fleet reference however many subscribers). With `since`, the events at or after that instant come ' +
      'first. An upstream error arrives as an error payload without ending the stream; a fleet GameLift does not know ends ' +
      "it with NOT_FOUND, and a deleted fleet's stream ends with its FLEET_DELETED event. A client may watch " +
      'LIVE_MAX_FLEETS_PER_CLIENT fleets with LIVE_MAX_STREAMS_PER_CLIENT streams: past either, SUBSCRIPTION_LIMIT_EXCEEDED.',
    extensions: cost({ calls: (args, settings) => 1 + regionLookup(args, settings) }),
    args: {
      fleetId: t.arg.id({ required: true, description: 'Fleet id (fleet-…) or fleet ARN.' }),
      eventCodes: t.arg({
        type: [FleetEventCode.type],
        description: 'Only events with one of these codes (the final FLEET_DELETED is always delivered).',
      }),
      since: t.arg({
        type: 'DateTime',
        description:
          'Deliver the events at or after this instant first, then the live ones. A client that reconnects passes the ' +
          '`eventTime` of the last event it saw and drops the ids it already has: it misses nothing.',
      }),
    },
    subscribe: async (_root, args, { live, caller, gamelift }) => {
      const fleetRef = checkedId(String(args.fleetId), 'fleetId', isFleetIdOrArn) ?? '';
      const { matches } = eventFilters({ eventCodes: args.eventCodes });
      // Polled in the fleet's home Region; a fleet no Region served knows is polled in the default Region, whose NOT_FOUND ends the stream.
      const region = (await gamelift.locate(fleetRef)) ?? gamelift.regions.default;
      const items = live(region).subscribe({ fleetRef, since: args.since ?? undefined, caller: caller.name, matches: matches ?? (() => true) });
      // Each event names its Region, as every FleetEvent does; ending the stream ends the Region's subscription.
      return mapAsyncIterator(items, (item): RegionalLiveItem => (item.kind === 'event' ? { kind: 'event', record: { ...item.record, region } } : item));
    },
    resolve: (item: RegionalLiveItem) => {
      if (item.kind === 'error') throw item.error;
      return item.record;
    },
  }),
);
