import type { Event } from '@aws-sdk/client-gamelift';
import { fleetIdOf } from '../fleets/ids.js';
import { Channel } from './channel.js';
import type { HubSubscriber } from './fleet-hub.js';
import { eventTime, isDeletion, type LiveItem } from './live-item.js';

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

/** The events at or after `since`, oldest first, read for one subscriber (dropped when `signal` aborts). */
export type ReplayRead = (since: Date, signal: AbortSignal) => Promise<readonly Event[]>;

/**
 * One subscriber: while its `since` replay runs, live items wait in a buffer; then the replay is
 * delivered, and the buffer after it without what the replay already gave. Leaving (the client
 * goes) drops the replay's reads at once.
 */
export class LiveSubscriber implements HubSubscriber {
  readonly channel: Channel<LiveItem>;
  private buffer: LiveItem[] | null = [];
  /** Ids the replay delivered: the live feed may bring them again, once. */
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

  deliver(item: LiveItem): boolean {
    if (!this.buffer) return this.send(item);
    this.buffer.push(item);
    return false;
  }

  end(): void {
    this.ended = true;
    if (!this.buffer) this.channel.end();
  }

  async replay(read: ReplayRead): Promise<void> {
    const { since, fleetRef } = this.subscription;
    if (since) {
      try {
        for (const event of await read(since, this.left.signal)) {
          if (this.send({ kind: 'event', record: { fleetId: fleetIdOf(fleetRef), event } })) this.replayed.add(event.EventId ?? '');
        }
      } catch {
        // The live feed reports upstream trouble (and ends the stream on NOT_FOUND); the replay just stops.
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
      if (this.replayed.has(event.EventId ?? '')) return false;
      if (this.subscription.since && eventTime(event) < this.subscription.since.getTime()) return false;
      if (!isDeletion(event) && !this.subscription.matches(event)) return false;
    }
    this.channel.push(item);
    // Nothing follows a fleet's deletion: the stream ends with it (also when the replay found it).
    if (item.kind === 'event' && isDeletion(item.record.event)) this.channel.end();
    return true;
  }
}
