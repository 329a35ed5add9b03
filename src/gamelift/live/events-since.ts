import type { Event } from '@aws-sdk/client-gamelift';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';

const PAGE_LIMIT = 100;

export interface EventsRead {
  /** Newest first, as GameLift answers. */
  readonly events: Event[];
  /** GameLift calls it took. */
  readonly pages: number;
}

/**
 * A fleet's events at or after `since`, newest first, fresh (never from the cache), following
 * NextToken for up to `maxPages` pages. Without `since`, only the newest page.
 */
export async function eventsSince(
  upstream: GameLiftUpstream,
  fleetRef: string,
  since: Date | undefined,
  maxPages: number,
  options: CallOptions,
): Promise<EventsRead> {
  const events: Event[] = [];
  let token: string | undefined;
  let pages = 0;
  while (pages < maxPages) {
    const output = await upstream.send(
      'DescribeFleetEvents',
      { FleetId: fleetRef, StartTime: since, Limit: PAGE_LIMIT, NextToken: token },
      { ...options, fresh: true },
    );
    pages++;
    events.push(...(output.Events ?? []));
    token = output.NextToken;
    if (!token || since === undefined) break;
  }
  return { events, pages };
}
