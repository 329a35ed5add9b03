import { setMaxListeners } from 'node:events';
import type { Caller } from '../auth/authenticator.js';
import { gameLiftAccess, type GameLiftAccess } from '../gamelift/access.js';
import { RequestLogs, type LogFetchObserver, type LogReader } from '../gamelift/logs/index.js';
import type { PaginationLimits } from '../gamelift/paging/pagination.js';
import type { LiveEvents } from '../gamelift/live/live-events.js';
import type { GameLiftUpstream, UpstreamTally } from '../gamelift/upstream/upstream.js';
import type { FleetRegionMemory } from '../gamelift/fleets/region-memory.js';
import type { SingleLocationRegions } from '../gamelift/fleets/locations.js';
import type { RegionSet } from '../gamelift/regions.js';
import type { TraceSpan } from '../observability/trace-span.js';

/** Something a client should know about a result that is not an error, e.g. a truncated log. */
export interface ResponseWarning {
  readonly code: string;
  readonly message: string;
  readonly path: readonly (string | number)[];
  readonly [detail: string]: unknown;
}

/** What every resolver gets; one per request, so loaders never share data across requests. */
export interface GatewayContext {
  readonly gamelift: GameLiftAccess;
  readonly logs: RequestLogs;
  readonly pagination: PaginationLimits;
  /** Served in the response's `extensions.warnings`. */
  readonly warnings: ResponseWarning[];
  /** Who the request is for. */
  readonly caller: Caller;
  /** Live fleet events of a Region served, shared by the whole process. */
  live(region: string): LiveEvents;
  /** The operation has its result: GameLift calls still queued for it are dropped, its log content's places go back. */
  finish(): void;
}

/** What the gateway holds for its whole life and shares between requests. */
export interface GatewayServices {
  readonly regions: RegionSet;
  /** Each Region's own upstream path (budget, cache, metrics). */
  readonly upstreams: ReadonlyMap<string, GameLiftUpstream>;
  /** Each Region's live streams. */
  readonly lives: ReadonlyMap<string, LiveEvents>;
  /** Home Regions of bare fleet ids already found. */
  readonly fleetRegions: FleetRegionMemory;
  /** Regions GameLift said offer no multi-location fleets. */
  readonly singleLocationRegions: SingleLocationRegions;
  readonly maxFleetIdsPerCall: number;
  readonly pagination: PaginationLimits;
  /** Log downloads for the whole process (LOG_MAX_CONCURRENT). */
  readonly logReader: LogReader;
  readonly logObserver?: LogFetchObserver;
}

/** What the HTTP layer knows of the request a context serves. */
export interface RequestScope {
  readonly caller: Caller;
  /** Counts what the request causes upstream, for its access-log line. */
  readonly tally?: UpstreamTally & { logFetches: number };
  /** Aborts when the client goes away. */
  readonly signal?: AbortSignal;
  /** The operation's span, when traces are exported: its GameLift calls and log reads go under it. */
  readonly span?: TraceSpan;
}

export function createContext(services: GatewayServices, { caller, tally, signal: clientGone, span }: RequestScope): GatewayContext {
  const finished = new AbortController();
  const signal = clientGone ? AbortSignal.any([clientGone, finished.signal]) : finished.signal;
  // Every call of the request listens to it while it waits or runs: many at once are expected.
  setMaxListeners(0, signal);
  const logObserver: LogFetchObserver = {
    fetched: (outcome, bytes) => {
      if (tally) tally.logFetches++;
      services.logObserver?.fetched(outcome, bytes);
    },
  };
  const logs = new RequestLogs(services.logReader, { client: caller.name, signal, observer: logObserver, ...(span ? { span } : {}) });
  return {
    caller,
    live: (region) => {
      const live = services.lives.get(region);
      if (!live) throw new Error(`${region} is not served`);
      return live;
    },
    gamelift: gameLiftAccess(
      services,
      { caller: caller.name, signal, ...(tally ? { tally } : {}), ...(span ? { span } : {}) },
    ),
    logs,
    pagination: services.pagination,
    warnings: [],
    finish: () => {
      finished.abort(new DOMException('The operation has its result.', 'AbortError'));
      logs.settle();
    },
  };
}
