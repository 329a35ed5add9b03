import type { Event } from '@aws-sdk/client-gamelift';
import { fleetIdOf } from '../fleets/ids.js';
import type { GameLiftUpstream } from '../upstream/upstream.js';
import { eventsSince } from './events-since.js';
import type { PolledBatch } from './fleet-poller.js';
import { eventTime, isDeletion, type LiveEntry, type LiveItem } from './live-item.js';
import { Watermark } from './watermark.js';

export interface HubSubscriber {
  /** The client the subscriber belongs to: calls made for the hub are charged to its clients in turn. */
  readonly client: string;
  /** True when the subscriber passed the item on (it may filter it out). */
  deliver(item: LiveItem): boolean;
  /** The stream is over (the fleet was deleted or is unknown, or the gateway stops). */
  end(): void;
}

export interface DeliveryObserver {
  /** An event reached a subscriber `seconds` after the poll that found it. */
  delivered(seconds: number): void;
}

/** Pages a catch-up read may take (10,000 events). */
const MAX_GAP_PAGES = 100;

/**
 * One fleet reference's subscribers on this replica, and what has been delivered to them. Items
 * come from wherever this replica follows the fleet (its own poller, or the deployment's stream in
 * Redis) and go to every subscriber once, in order: an event the watermark has passed is dropped,
 * so a source may repeat itself. A stream entry that says the log had been followed further than
 * this hub got (after a Redis outage or restart) makes the hub read the missing stretch from
 * GameLift first, so nothing is lost at a seam either.
 */
export class FleetHub {
  private readonly subscribers = new Set<HubSubscriber>();
  /** Subscribers by client, for charging in turn. */
  private readonly clients = new Map<string, number>();
  private payments = 0;
  /** What the subscribers have been given: events after the instant the first came, to begin with. */
  readonly delivered: Watermark;
  /** Entries held while a missing stretch is read. */
  private catchingUp: LiveEntry[] | null = null;
  private ended = false;
  private readonly closed = new AbortController();
  readonly fleetId: string;
  /** How far this replica read the fleet's shared stream (an entry id), kept across Redis outages. */
  position: string | null = null;

  constructor(
    readonly fleetRef: string,
    private readonly upstream: GameLiftUpstream,
    private readonly onEnded: (hub: FleetHub) => void,
    private readonly observer?: DeliveryObserver,
    readonly openedAt: number = Date.now(),
  ) {
    this.delivered = new Watermark(openedAt - 1);
    this.fleetId = fleetIdOf(fleetRef);
  }

  get size(): number {
    return this.subscribers.size;
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** Nothing delivered yet: whoever polls first reads the newest page (see FleetPoller). */
  get untouched(): boolean {
    const { time, ids } = this.delivered.state();
    return time === this.openedAt - 1 && ids.length === 0;
  }

  add(subscriber: HubSubscriber): void {
    this.subscribers.add(subscriber);
    this.clients.set(subscriber.client, (this.clients.get(subscriber.client) ?? 0) + 1);
  }

  remove(subscriber: HubSubscriber): void {
    if (!this.subscribers.delete(subscriber)) return;
    const count = this.clients.get(subscriber.client) ?? 0;
    if (count > 1) this.clients.set(subscriber.client, count - 1);
    else this.clients.delete(subscriber.client);
  }

  /** The client the next call made for this fleet is charged to: each subscriber's client in turn. */
  payer(): string {
    const clients = [...this.clients.keys()];
    return clients[this.payments++ % Math.max(1, clients.length)] ?? 'live-events';
  }

  /** What a poller of this replica found, as entries. */
  take(batch: PolledBatch): void {
    if (batch.kind === 'error') {
      this.receive({ item: { kind: 'error', error: batch.error, final: batch.final }, foundAt: batch.foundAt });
      return;
    }
    for (const event of batch.events) this.receive({ item: this.itemOf(event), foundAt: batch.foundAt });
  }

  receive(entry: LiveEntry): void {
    if (this.ended) return;
    if (this.catchingUp) {
      this.catchingUp.push(entry);
      return;
    }
    if (entry.after && this.delivered.isBehind(entry.after)) {
      void this.catchUp(entry);
      return;
    }
    this.pass(entry);
  }

  /** Ends every stream of this fleet here. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.closed.abort(new DOMException('The fleet has no subscribers here any more.', 'AbortError'));
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    this.clients.clear();
    for (const subscriber of subscribers) subscriber.end();
    this.onEnded(this);
  }

  private itemOf(event: Event): LiveItem {
    return { kind: 'event', record: { fleetId: this.fleetId, event } };
  }

  /** Reads what is missing between the delivered watermark and `entry` from GameLift, then goes on. */
  private async catchUp(entry: LiveEntry): Promise<void> {
    this.catchingUp = [entry];
    try {
      const { events } = await eventsSince(this.upstream, this.fleetRef, new Date(this.delivered.newest), MAX_GAP_PAGES, {
        caller: this.payer(),
        signal: this.closed.signal,
      });
      const foundAt = Date.now();
      for (const event of events.reverse()) this.pass({ item: this.itemOf(event), foundAt });
    } catch {
      // What cannot be read now is not invented: the stream goes on from what the entries hold.
    }
    const held = this.catchingUp;
    this.catchingUp = null;
    // Once caught up (or having tried), held entries pass without a second catch-up for the same seam.
    for (const heldEntry of held) if (!this.ended) this.pass(heldEntry);
  }

  private pass({ item, foundAt }: LiveEntry): void {
    if (this.ended) return;
    if (item.kind === 'event') {
      const { event } = item.record;
      const time = eventTime(event);
      const id = event.EventId ?? '';
      // A deletion always goes out: it ends the stream, so it can never go out twice.
      if (!isDeletion(event) && !this.delivered.admits(time, id)) return;
      this.delivered.advance(time, id);
    }
    const now = Date.now();
    for (const subscriber of [...this.subscribers]) {
      if (subscriber.deliver(item) && item.kind === 'event') this.observer?.delivered((now - foundAt) / 1000);
    }
    const final = item.kind === 'error' ? item.final : isDeletion(item.record.event);
    if (final) this.end();
  }
}
