import type { Event } from '@aws-sdk/client-gamelift';
import { GatewayError } from '../errors.js';
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
  /** Whose stream it is: the client's limits, and its lane in the rate budget's fair queue. */
  readonly caller: string;
}

export interface LiveSettings extends PollerSettings {
  /** LIVE_MAX_FLEETS_PER_CLIENT: distinct fleet references one client may watch at once. */
  readonly maxFleetsPerClient: number;
  /** LIVE_MAX_STREAMS_PER_CLIENT: open streams one client may have. */
  readonly maxStreamsPerClient: number;
}

/** Pages a `since` replay may read (10,000 events); past that the stream starts at what it reached. */
const MAX_REPLAY_PAGES = 100;

/** One client's open streams, by the fleet reference they watch. */
type ClientStreams = Map<string, number>;

/**
 * Live fleet events for the whole process: one poller per fleet reference, however many
 * subscribers, started by the first and stopped when the last leaves. A subscriber with `since`
 * first gets the events at or after that instant (its own read, charged to its client and
 * dropped the moment it leaves), then the live ones, each event once. Each client may watch
 * LIVE_MAX_FLEETS_PER_CLIENT references with LIVE_MAX_STREAMS_PER_CLIENT streams; past either, a
 * new subscription is refused before any GameLift call.
 */
export class LiveEvents {
  private readonly pollers = new Map<string, FleetPoller>();
  private readonly clients = new Map<string, ClientStreams>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly settings: LiveSettings,
  ) {}

  /** Throws SUBSCRIPTION_LIMIT_EXCEEDED when the client is at one of its limits. */
  subscribe(subscription: LiveSubscription): AsyncIterableIterator<LiveItem> {
    const { fleetRef, caller } = subscription;
    this.admit(caller, fleetRef);
    let poller = this.pollers.get(fleetRef);
    if (!poller) {
      poller = new FleetPoller(this.upstream, fleetRef, this.settings, () => this.pollers.delete(fleetRef));
      this.pollers.set(fleetRef, poller);
    }
    const owner = poller;
    const subscriber = new ReplayingSubscriber(subscription, () => {
      owner.remove(subscriber);
      this.release(caller, fleetRef);
    });
    poller.add(subscriber);
    void subscriber.replay(this.upstream);
    return subscriber.channel;
  }

  /** Ends every stream (the gateway is stopping). */
  close(): void {
    for (const poller of [...this.pollers.values()]) poller.stop();
  }

  private admit(client: string, fleetRef: string): void {
    const streams = this.clients.get(client) ?? new Map<string, number>();
    const { maxFleetsPerClient, maxStreamsPerClient } = this.settings;
    const open = [...streams.values()].reduce((sum, count) => sum + count, 0);
    if (open >= maxStreamsPerClient) {
      throw limitExceeded(`This client already has ${open} live streams open; the limit is ${maxStreamsPerClient} (LIVE_MAX_STREAMS_PER_CLIENT).`, maxStreamsPerClient);
    }
    if (!streams.has(fleetRef) && streams.size >= maxFleetsPerClient) {
      throw limitExceeded(`This client already watches ${streams.size} fleets; the limit is ${maxFleetsPerClient} (LIVE_MAX_FLEETS_PER_CLIENT).`, maxFleetsPerClient);
    }
    streams.set(fleetRef, (streams.get(fleetRef) ?? 0) + 1);
    this.clients.set(client, streams);
  }

  private release(client: string, fleetRef: string): void {
    const streams = this.clients.get(client);
    const count = streams?.get(fleetRef) ?? 0;
    if (!streams || count === 0) return;
    if (count > 1) streams.set(fleetRef, count - 1);
    else streams.delete(fleetRef);
    if (streams.size === 0) this.clients.delete(client);
  }
}

const limitExceeded = (message: string, limit: number) => new GatewayError('SUBSCRIPTION_LIMIT_EXCEEDED', message, { limit });

/**
 * One subscriber: while its `since` replay runs, live items wait in a buffer; then the replay is
 * delivered, and the buffer after it without what the replay already gave. Leaving (the client
 * goes) drops the replay's reads at once.
 */
class ReplayingSubscriber implements LiveSubscriber {
  readonly channel: Channel<LiveItem>;
  private buffer: LiveItem[] | null = [];
  /** Ids the replay delivered: the poller may report them again as new, once. */
  private readonly replayed = new Set<string>();
  private ended = false;
  private readonly left = new AbortController();

  constructor(
    private readonly subscription: LiveSubscription,
    onLeave: () => void,
  ) {
    this.channel = new Channel(() => {
      this.left.abort(new DOMException('The subscriber left.', 'AbortError'));
      onLeave();
    });
  }

  get client(): string {
    return this.subscription.caller;
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
        const newestFirst = await eventsSince(upstream, fleetRef, since, MAX_REPLAY_PAGES, { caller: this.client, signal: this.left.signal });
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
