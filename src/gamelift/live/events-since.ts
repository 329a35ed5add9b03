import type { Event } from '@aws-sdk/client-gamelift';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';

const PAGE_LIMIT = 100;

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
): Promise<Event[]> {
  const events: Event[] = [];
  let token: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const output = await upstream.send(
      'DescribeFleetEvents',
      { FleetId: fleetRef, StartTime: since, Limit: PAGE_LIMIT, NextToken: token },
      { ...options, fresh: true },
    );
    events.push(...(output.Events ?? []));
    token = output.NextToken;
    if (!token || since === undefined) break;
  }
  return events;
}
