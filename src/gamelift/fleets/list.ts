import type { PagedSource } from '../paging/pagination.js';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';

export interface FleetListFilters {
  readonly buildId?: string | undefined;
  readonly scriptId?: string | undefined;
}

/** The account's fleet ids (ListFleets) as a token-paged source for the Relay connection. */
export function fleetIdPages(upstream: GameLiftUpstream, filters: FleetListFilters, options: CallOptions): PagedSource<string> {
  return {
    fetchPage: async (token, limit) => {
      const input = { BuildId: filters.buildId, ScriptId: filters.scriptId, Limit: limit, NextToken: token };
      const output = await upstream.send('ListFleets', input, options);
      return { items: output.FleetIds ?? [], nextToken: output.NextToken };
    },
    keyOf: (fleetId) => fleetId,
  };
}
