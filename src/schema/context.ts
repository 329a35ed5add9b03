import type { Caller } from '../auth/authenticator.js';
import { gameLiftAccess, type GameLiftAccess } from '../gamelift/access.js';
import { RequestLogFetcher, type LogFetchConfig, type LogFetchObserver } from '../gamelift/logs/index.js';
import type { PaginationLimits } from '../gamelift/pagination.js';
import type { LiveEvents } from '../gamelift/live/live-events.js';
import type { GameLiftUpstream, UpstreamTally } from '../gamelift/upstream/upstream.js';

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
  readonly logs: RequestLogFetcher;
  readonly pagination: PaginationLimits;
  /** Served in the response's `extensions.warnings`. */
  readonly warnings: ResponseWarning[];
  /** Who the request is for. */
  readonly caller: Caller;
  /** Live fleet events, shared by the whole process. */
  readonly live: LiveEvents;
}

/** What the gateway holds for its whole life and shares between requests. */
export interface GatewayServices {
  readonly upstream: GameLiftUpstream;
  readonly live: LiveEvents;
  readonly maxFleetIdsPerCall: number;
  readonly pagination: PaginationLimits;
  readonly logs: LogFetchConfig;
  readonly logObserver?: LogFetchObserver;
}

/** What the HTTP layer knows of the request a context serves. */
export interface RequestScope {
  readonly caller: Caller;
  /** Counts what the request causes upstream, for its access-log line. */
  readonly tally?: UpstreamTally & { logFetches: number };
}

export function createContext(services: GatewayServices, { caller, tally }: RequestScope): GatewayContext {
  const logObserver: LogFetchObserver = {
    fetched: (outcome, bytes) => {
      if (tally) tally.logFetches++;
      services.logObserver?.fetched(outcome, bytes);
    },
  };
  return {
    caller,
    live: services.live,
    gamelift: gameLiftAccess(services.upstream, services, { caller: caller.name, ...(tally ? { tally } : {}) }),
    logs: new RequestLogFetcher(services.logs, logObserver),
    pagination: services.pagination,
    warnings: [],
  };
}
