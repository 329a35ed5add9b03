/**
 * The proxy workload: one page of a fleet's 20 newest events at or after a start time, as the
 * gateway's GraphQL query and as the baseline's JSON request, over 20 keep-alive connections.
 */
import { FLEETS, seedFleet } from '../../src/simulator/index.js';
import { graphqlBody } from './graphql.js';
import type { BodySpec, LoadResult, LoadSpec } from './load-spec.js';

const PROXY_FLEET = FLEETS.bigActive;
export const PROXY_CONNECTIONS = 20;

const PLACEHOLDER = '%START_TIME%';

const EVENTS_QUERY = `query Events($startTime: DateTime) {
  fleet(fleetId: "${PROXY_FLEET}") { events(first: 20, startTime: $startTime) { edges { node { eventId eventCode eventTime } } } }
}`;

/** The gateway, the bare SDK proxy (bench/baseline.ts), and bare yoga answering from memory (bench/ceiling.ts). */
export type Server = 'gateway' | 'baseline' | 'ceiling';

function template(server: Server, startTime: string): string {
  return server === 'baseline' ? JSON.stringify({ fleetId: PROXY_FLEET, startTime }) : graphqlBody(EVENTS_QUERY, { startTime });
}

/** The time of the fleet's 100th newest event: at least 100 events lie at or after any start near it. */
function walkOrigin(): number {
  const times = (seedFleet(PROXY_FLEET)?.events ?? []).map((event) => event.EventTime).sort((a, b) => b - a);
  const origin = times[99];
  if (origin === undefined) throw new Error(`${PROXY_FLEET} has fewer than 100 events`);
  return origin;
}

/**
 * Start times walking back 1 ms per request across every run of a scenario, so that no two
 * requests are identical and neither the gateway's cache nor its coalescing can answer for the
 * work. Tens of thousands of requests walk back a minute or two, inside the fleet's 30 days.
 */
export class StartTimeWalk {
  private next = walkOrigin();

  /** A load of `durationMs` at `url`, continuing the walk where the previous run stopped. */
  spec(server: Server, url: string, durationMs: number): LoadSpec {
    const body: BodySpec = { template: template(server, PLACEHOLDER), walk: { placeholder: PLACEHOLDER, fromMs: this.next, stepMs: 1 } };
    return { url, connections: PROXY_CONNECTIONS, durationMs, body };
  }

  /** Moves past the start times `result` used. */
  advance(result: LoadResult): void {
    this.next -= result.completed;
  }

  /** Every request the same body, for the identical-query case. */
  identicalSpec(server: Server, url: string, durationMs: number): LoadSpec {
    return { url, connections: PROXY_CONNECTIONS, durationMs, body: { template: template(server, new Date(this.next).toISOString()) } };
  }
}
