import type { Event } from '@aws-sdk/client-gamelift';
import { fleetIdOf } from '../fleet-ids.js';
import type { GameLiftUpstream } from '../upstream/upstream.js';
import { Channel } from './channel.js';
import { eventsSince } from './events-since.js';
import { FleetPoller, type LiveItem, type LiveSubscriber, type PollerSettings } from './fleet-poller.js';

export type { LiveItem } from './fleet-poller.js';

export interface LiveSubscription {
  /** Fleet id or ARN. */
  readonly fleetRef: string;
  /** Only events this matches are delivered (the final FLEET_DELETED always is). */
  readonly matches: (event: Event) => boolean;
  /** Deliver the events at or after this instant first (a reconnecting client's last eventTime). */
  readonly since?: Date | undefined;
  /** Whom the replay read is for, in the rate budget's fair queue. */
  readonly caller: string;
}

/** Pages a `since` replay may read (10,000 events); past that the stream starts at what it reached. */
const MAX_REPLAY_PAGES = 100;

/**
 * Live fleet events for the whole process: one poller per fleet, however many subscribers, started
 * by the first and stopped when the last leaves. A subscriber with `since` first gets the events
 * at or after that instant (its own read), then the live ones, each event once.
 */
export class LiveEvents {
  private readonly pollers = new Map<string, FleetPoller>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly settings: PollerSettings,
  ) {}

  subscribe(subscription: LiveSubscription): AsyncIterableIterator<LiveItem> {
    const fleetId = fleetIdOf(subscription.fleetRef);
    let poller = this.pollers.get(fleetId);
    if (!poller) {
      poller = new FleetPoller(this.upstream, subscription.fleetRef, this.settings, () => this.pollers.delete(fleetId));
      this.pollers.set(fleetId, poller);
    }
    const owner = poller;
    const subscriber = new ReplayingSubscriber(subscription, () => owner.remove(subscriber));
    poller.add(subscriber);
    void subscriber.replay(this.upstream);
    return subscriber.channel;
  }

  /** Ends every stream (the gateway is stopping). */
  close(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
  }
}

/**
 * One subscriber: while its `since` replay runs, live items wait in a buffer; then the replay is
 * delivered, and the buffer after it without what the replay already gave.
 */
class ReplayingSubscriber implements LiveSubscriber {
  readonly channel: Channel<LiveItem>;
  private buffer: LiveItem[] | null = [];
  /** Ids the replay delivered: the poller may report them again as new, once. */
  private readonly replayed = new Set<string>();
  private ended = false;

  constructor(
    private readonly subscription: LiveSubscription,
    onLeave: () => void,
  ) {
    this.channel = new Channel(onLeave);
  }

  deliver(item: LiveItem): void {
    if (this.buffer) this.buffer.push(item);
    else this.send(item);
  }

  end(): void {
    this.ended = true;
    if (!this.buffer) this.channel.end();
  }

  async replay(upstream: GameLiftUpstream): Promise<void> {
    const { since, fleetRef } = this.subscription;
    if (since) {
      try {
        const newestFirst = await eventsSince(upstream, fleetRef, since, MAX_REPLAY_PAGES, { caller: this.subscription.caller });
        for (const event of newestFirst.reverse()) {
          if (this.send({ kind: 'event', record: { fleetId: fleetIdOf(fleetRef), event } })) this.replayed.add(event.EventId ?? '');
        }
      } catch {
        // The poller reports upstream trouble (and ends the stream on NOT_FOUND); the replay just stops.
      }
    }
    const buffered = this.buffer ?? [];
    this.buffer = null;
    for (const item of buffered) this.send(item);
    if (this.ended) this.channel.end();
  }

  /** Passes an item on if this subscriber wants it; true when it did. */
  private send(item: LiveItem): boolean {
    if (item.kind === 'event') {
      const { event } = item.record;
      const final = event.EventCode === 'FLEET_DELETED';
      if (this.replayed.has(event.EventId ?? '')) return false;
      if (this.subscription.since && (event.EventTime?.getTime() ?? 0) < this.subscription.since.getTime()) return false;
      if (!final && !this.subscription.matches(event)) return false;
    }
    this.channel.push(item);
    // Nothing follows a fleet's deletion: the stream ends with it (also when the replay found it).
    if (item.kind === 'event' && item.record.event.EventCode === 'FLEET_DELETED') this.channel.end();
    return true;
  }
}
