import type { Event } from '@aws-sdk/client-gamelift';
import { GatewayError } from '../errors.js';
import type { FleetEventRecord } from '../fleet-events.js';
import { fleetIdOf } from '../fleet-ids.js';
import type { GameLiftUpstream } from '../upstream/upstream.js';
import { eventsSince } from './events-since.js';

/** What a live stream carries: an event, or an upstream error (`final` ends the stream). */
export type LiveItem =
  | { readonly kind: 'event'; readonly record: FleetEventRecord }
  | { readonly kind: 'error'; readonly error: GatewayError; readonly final: boolean };

export interface LiveSubscriber {
  /** The client the subscriber belongs to: the poller's calls are charged to its clients in turn. */
  readonly client: string;
  deliver(item: LiveItem): void;
  /** The stream is over (the fleet was deleted or is unknown, or the gateway stops). */
  end(): void;
}

export interface PollerSettings {
  readonly intervalMs: number;
  /** Longest interval while GameLift keeps throttling. */
  readonly maxIntervalMs: number;
}

/** Pages one poll follows through NextToken in a burst; the rest comes at the next poll. */
const MAX_PAGES_PER_POLL = 10;
/** Answers that no later poll can change: the stream ends with them. */
const FINAL_CODES: ReadonlySet<string> = new Set(['NOT_FOUND', 'UPSTREAM_INVALID_REQUEST']);

const timeOf = (event: Event) => event.EventTime?.getTime() ?? 0;

/**
 * Polls one fleet reference (a fleet id, or an ARN taken whole: exactly what GameLift is sent)
 * for every subscriber that gave that same reference: 20 subscribers cost what one costs, and no
 * subscriber's reference ever decides what another's stream shows. Each poll asks
 * DescribeFleetEvents only for what is at or after the newest event seen (StartTime), follows
 * NextToken through a burst, and drops what it already saw (by event id at that instant). Calls
 * go through the one upstream path, fresh, within the rate budget, charged to the subscribers'
 * clients in turn. Throttling doubles the interval (up to maxIntervalMs) until a poll succeeds; a
 * reference GameLift does not know ends the streams at once, and is never polled again.
 */
export class FleetPoller {
  private readonly subscribers = new Set<LiveSubscriber>();
  /** The newest event time seen, and the ids seen at exactly that time. */
  private newest: { time: number; ids: Set<string> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private intervalMs: number;
  private readonly stopped = new AbortController();
  private readonly fleetId: string;
  /** How many polls have been charged: the next is charged to the next client in turn. */
  private polls = 0;

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly fleetRef: string,
    private readonly settings: PollerSettings,
    private readonly onIdle: () => void,
    /** Events from this instant on are new to the first subscribers; older ones are the baseline. */
    private readonly startedAt: number = Date.now(),
  ) {
    this.intervalMs = settings.intervalMs;
    this.fleetId = fleetIdOf(fleetRef);
    // The first subscriber is added in the same tick, before the first poll is charged to it.
    queueMicrotask(() => void this.poll(true));
  }

  add(subscriber: LiveSubscriber): void {
    this.subscribers.add(subscriber);
  }

  remove(subscriber: LiveSubscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  /** Ends every stream of this reference, and polls no more (a poll under way is dropped). */
  stop(): void {
    if (this.stopped.signal.aborted) return;
    this.stopped.abort(new DOMException('Nobody watches this fleet any more.', 'AbortError'));
    if (this.timer) clearTimeout(this.timer);
    const subscribers = [...this.subscribers];
    this.subscribers.clear();
    for (const subscriber of subscribers) subscriber.end();
    this.onIdle();
  }

  private schedule(): void {
    if (this.stopped.signal.aborted) return;
    this.timer = setTimeout(() => void this.poll(false), this.intervalMs);
    this.timer.unref();
  }

  /** The client this poll is charged to: each of the subscribers' clients in turn. */
  private payer(): string {
    const clients = [...new Set([...this.subscribers].map((subscriber) => subscriber.client))].sort();
    return clients[this.polls++ % Math.max(1, clients.length)] ?? 'live-events';
  }

  private async poll(first: boolean): Promise<void> {
    if (this.stopped.signal.aborted) return;
    let fresh: Event[];
    try {
      fresh = await this.readNew(first);
      this.intervalMs = this.settings.intervalMs;
    } catch (error) {
      if (this.stopped.signal.aborted) return;
      const failure = error instanceof GatewayError ? error : new GatewayError('UPSTREAM_UNAVAILABLE', 'Polling GameLift failed.');
      if (failure.code === 'UPSTREAM_THROTTLED') this.intervalMs = Math.min(this.settings.maxIntervalMs, this.intervalMs * 2);
      const final = FINAL_CODES.has(failure.code);
      this.broadcast({ kind: 'error', error: failure, final });
      if (final) this.stop();
      else this.schedule();
      return;
    }
    for (const event of fresh) {
      if (this.stopped.signal.aborted) return;
      this.broadcast({ kind: 'event', record: { fleetId: this.fleetId, event } });
      // A deleted fleet's streams end with its last event.
      if (event.EventCode === 'FLEET_DELETED') {
        this.stop();
        return;
      }
    }
    this.schedule();
  }

  /** Events not seen before, oldest first; on the first poll, those at or after the poller's start. */
  private async readNew(first: boolean): Promise<Event[]> {
    const since = this.newest?.time;
    const read = await eventsSince(this.upstream, this.fleetRef, since === undefined ? undefined : new Date(since), MAX_PAGES_PER_POLL, {
      caller: this.payer(),
      signal: this.stopped.signal,
    });
    const newest = this.newest;
    const unseen = read.filter((event) => {
      const time = timeOf(event);
      return !newest || time > newest.time || (time === newest.time && !newest.ids.has(event.EventId ?? ''));
    });
    this.remember(unseen);
    // GameLift answers newest first; subscribers get them oldest first.
    const oldestFirst = unseen.reverse();
    if (!first) return oldestFirst;
    const live = oldestFirst.filter((event) => timeOf(event) >= this.startedAt);
    // A fleet deleted before anyone subscribed has nothing more to say: its last word ends the stream.
    const last = oldestFirst.at(-1);
    return live.length === 0 && last?.EventCode === 'FLEET_DELETED' ? [last] : live;
  }

  private remember(events: readonly Event[]): void {
    for (const event of events) {
      const time = timeOf(event);
      if (!this.newest || time > this.newest.time) this.newest = { time, ids: new Set() };
      if (time === this.newest.time) this.newest.ids.add(event.EventId ?? '');
    }
  }

  private broadcast(item: LiveItem): void {
    for (const subscriber of [...this.subscribers]) subscriber.deliver(item);
  }
}
