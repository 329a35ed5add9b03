import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import { DateTimeResolver } from 'graphql-scalars';
import type { GatewayContext } from './context.js';
import { cost } from './cost.js';
import { decodeGlobalID } from './global-id.js';

export const builder = new SchemaBuilder<{
  Context: GatewayContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  DefaultFieldNullability: false;
}>({
  plugins: [RelayPlugin],
  defaultFieldNullability: false,
  relay: {
    decodeGlobalID,
    idFieldOptions: { description: 'Global id: pass it to `node(id:)` to refetch this object.' },
    cursorFieldOptions: { description: 'Opaque position of this edge; pass it to `after` or `before`.' },
    nodeFieldOptions: { description: 'The object at this edge.' },
    edgesFieldOptions: { description: 'The edges of this page, in the connection order.' },
    pageInfoFieldOptions: { description: 'Where this page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more edges follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when edges precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first edge; null when the page is empty.' },
    endCursorFieldOptions: { description: 'Cursor to continue forward from (the last edge); null when there is none.' },
    nodeTypeOptions: { description: 'An object with a global id that `node(id:)` refetches.' },
    pageInfoTypeOptions: { description: 'Where a connection page sits in the whole list (Relay).' },
    nodeQueryOptions: {
      extensions: cost({ calls: 1 }),
      description: 'Fetches any object by its global id (a Fleet or a FleetEvent); null when it no longer exists.',
      args: { id: { description: 'A global id returned by this API.' } },
    },
    nodesQueryOptions: {
      extensions: cost({ calls: (args) => (Array.isArray(args.ids) ? args.ids.length : 1) }),
      description: 'Fetches several objects by global id; null for each that no longer exists.',
      args: { ids: { description: 'Global ids returned by this API.' } },
    },
    firstArgOptions: { description: 'Forward pagination: at most this many edges (0 to 100; default 20).' },
    afterArgOptions: { description: 'Forward pagination: edges after this cursor (an `endCursor` or edge cursor).' },
    lastArgOptions: { description: 'Backward pagination: at most this many edges (0 to 100).' },
    beforeArgOptions: { description: 'Backward pagination: edges before this cursor (a `startCursor` or edge cursor).' },
  },
});

builder.addScalarType('DateTime', DateTimeResolver, {
  description: 'An instant as an ISO-8601 UTC string with milliseconds, e.g. 2026-11-24T08:15:30.123Z.',
});

builder.queryType({ description: 'Read access to GameLift fleets and their event logs.' });
