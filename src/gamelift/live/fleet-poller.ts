import type { Event } from '@aws-sdk/client-gamelift';
import { GatewayError } from '../errors.js';
import { failureOf, type GameLiftUpstream } from '../upstream/upstream.js';
import { eventsSince, type EventsRead } from './events-since.js';
import { eventTime, isDeletion } from './live-item.js';
import type { LivePace } from './live-pace.js';
import { Watermark, type WatermarkState } from './watermark.js';

/** What one poll found: new events oldest first (with how far the log was followed before them), or an error. */
export type PolledBatch =
  | { readonly kind: 'events'; readonly events: readonly Event[]; readonly from: WatermarkState; readonly foundAt: number }
  | { readonly kind: 'error'; readonly error: GatewayError; readonly final: boolean; readonly foundAt: number };

export interface PollerOptions {
  /** Exactly what GameLift is sent: a fleet id, or an ARN taken whole. */
  readonly fleetRef: string;
  /** Where to continue from: new events are those after it. */
  readonly from: WatermarkState;
  /**
   * Nobody has followed this fleet yet: `from` is the instant its first subscriber came, and the
   * first poll reads the newest page (so that a fleet deleted earlier still ends its streams).
   */
  readonly baseline: boolean;
  /** The client the next call is charged to. */
  readonly payer: () => string;
  /** Takes what a poll found; false (the lease is lost) or a throw (Redis is gone) stops the poller. */
  readonly sink: (batch: PolledBatch) => Promise<boolean> | boolean;
  /** The poller stopped by itself: the fleet was deleted or is unknown, or its sink refused. */
  readonly onEnd: (reason: 'final' | 'refused' | 'failed') => void;
}

/** Pages one poll follows through NextToken in a burst; the rest comes at the next poll. */
const MAX_PAGES_PER_POLL = 10;
/** Throttled polls double the wait at most this far (the wait is capped by maxIntervalMs anyway). */
const MAX_BACKOFF = 1024;
/** Answers that no later poll can change: the stream ends with them. */
const FINAL_CODES: ReadonlySet<string> = new Set(['NOT_FOUND', 'UPSTREAM_INVALID_REQUEST']);

/**
 * Polls one fleet reference: each poll asks DescribeFleetEvents only for what is at or after the
 * newest event seen (StartTime), follows NextToken through a burst, keeps what is new by the
 * watermark, and hands it to the sink. Calls go through the one upstream path, fresh, inside the
 * live share and the rate budget, charged to the payer. The wait between polls is
 * LIVE_POLL_INTERVAL_MS for each call the poll took, then whatever the live share makes the next
 * poll wait (see live-pace.ts); throttling doubles it (up to maxIntervalMs) until a poll succeeds. A reference GameLift does not know, or a deleted fleet, ends the poller.
 */
export class FleetPoller {
  private readonly watermark: Watermark;
  private timer: NodeJS.Timeout | null = null;
  private backoff = 1;
  private first = true;
  /** When the last poll got its answer (or the poller started): what the pace measures intervals from. */
  private lastPoll = Date.now();
  private readonly stopped = new AbortController();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly pace: LivePace,
    private readonly maxIntervalMs: number,
    private readonly options: PollerOptions,
  ) {
    this.watermark = Watermark.of(options.from);
    queueMicrotask(() => void this.poll());
  }

  /** Polls no more (a poll under way is dropped). */
  stop(): void {
    if (this.stopped.signal.aborted) return;
    this.pace.forget(this);
    this.stopped.abort(new DOMException('Nobody polls this fleet here any more.', 'AbortError'));
    if (this.timer) clearTimeout(this.timer);
  }

  private end(reason: 'final' | 'refused' | 'failed'): void {
    if (this.stopped.signal.aborted) return;
    this.stop();
    this.options.onEnd(reason);
  }

  private schedule(calls: number): void {
    if (this.stopped.signal.aborted) return;
    const interval = this.pace.intervalMs;
    // Throttled: doubled per throttled poll, up to maxIntervalMs (or the interval, if longer).
    const perCall = this.backoff > 1 ? Math.max(interval, Math.min(this.maxIntervalMs, interval * this.backoff)) : interval;
    // A poll that took several calls waits as long as that many polls would.
    const wait = perCall * Math.max(1, calls);
    this.timer = setTimeout(() => void this.poll(), wait);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.stopped.signal.aborted) return;
    let batch: PolledBatch;
    let calls = 1;
    try {
      const found = await this.readNew();
      this.pace.polled(this, Date.now() - this.lastPoll);
      this.lastPoll = Date.now();
      calls = found.pages;
      this.backoff = 1;
      batch = { kind: 'events', events: found.events, from: found.from, foundAt: Date.now() };
    } catch (error) {
      if (this.stopped.signal.aborted) return;
      const failure = error instanceof GatewayError ? error : new GatewayError('UPSTREAM_UNAVAILABLE', 'Polling GameLift failed.');
      if (failure.code === 'UPSTREAM_THROTTLED') this.backoff = Math.min(this.backoff * 2, MAX_BACKOFF);
      batch = { kind: 'error', error: failure, final: FINAL_CODES.has(failure.code), foundAt: Date.now() };
    }
    if (batch.kind === 'events' && batch.events.length === 0) {
      this.schedule(calls);
      return;
    }
    let accepted: boolean;
    try {
      accepted = await this.options.sink(batch);
    } catch {
      this.end('failed');
      return;
    }
    if (this.stopped.signal.aborted) return;
    if (!accepted) return this.end('refused');
    if (batch.kind === 'events') for (const event of batch.events) this.watermark.advance(eventTime(event), event.EventId ?? '');
    const final = batch.kind === 'error' ? batch.final : batch.events.some(isDeletion);
    if (final) this.end('final');
    else this.schedule(calls);
  }

  /** Events not seen before, oldest first, and the watermark before them. */
  private async readNew(): Promise<{ events: Event[]; from: WatermarkState; pages: number }> {
    const baseline = this.options.baseline && this.first;
    this.first = false;
    const since = baseline ? undefined : new Date(this.watermark.newest);
    const caller = this.options.payer();
    const span = this.upstream.tracer?.start('live poll', { 'fleetgraph.fleet': this.options.fleetRef, 'fleetgraph.client': caller });
    let read: EventsRead;
    try {
      read = await eventsSince(this.upstream, this.options.fleetRef, since, MAX_PAGES_PER_POLL, {
        caller,
        signal: this.stopped.signal,
        share: this.pace.gate,
        ...(span ? { span } : {}),
      });
    } catch (error) {
      span?.end(failureOf(error));
      throw error;
    }
    const { events, pages } = read;
    span?.set({ 'fleetgraph.live.pages': pages, 'fleetgraph.live.events': events.length });
    span?.end();
    // GameLift answers newest first; subscribers get them oldest first.
    const unseen = events.filter((event) => this.watermark.admits(eventTime(event), event.EventId ?? '')).reverse();
    const from = this.watermark.state();
    const last = events[0];
    // A fleet deleted before anyone subscribed has nothing more to say: its last word ends the stream.
    if (baseline && unseen.length === 0 && last && isDeletion(last)) {
      return { events: [last], from: { time: eventTime(last) - 1, ids: [] }, pages };
    }
    return { events: unseen, from, pages };
  }
}
