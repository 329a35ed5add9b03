import type { Event } from '@aws-sdk/client-gamelift';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';
import { eventsSince } from './events-since.js';
import type { FleetHub } from './fleet-hub.js';
import { FleetPoller } from './fleet-poller.js';
import type { LivePace } from './live-pace.js';

/** Where a replica's hubs get their items from: pollers of its own, or the deployment's shared streams. */
export interface LiveEngine {
  /** Starts feeding the hub (its first subscriber came). */
  watch(hub: FleetHub): void;
  /** Stops feeding it (its last subscriber left, or it ended). */
  unwatch(hub: FleetHub): void;
  /** The hub's fleet's events at or after `since`, oldest first, charged to `options.caller`. */
  replay(hub: FleetHub, since: Date, options: CallOptions): Promise<readonly Event[]>;
  close(): void;
}

export interface PollingObserver {
  /** Fleets this replica polls now. */
  polling(fleets: number): void;
}

/** Pages a `since` replay may read (10,000 events); past that the stream starts at what it reached. */
const MAX_REPLAY_PAGES = 100;

/**
 * Each replica on its own: one poller per fleet reference with subscribers here, feeding its hub
 * directly. The engine without Redis, and the fallback of the shared one while Redis is away.
 */
export class LocalEngine implements LiveEngine {
  private readonly pollers = new Map<FleetHub, FleetPoller>();

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly pace: LivePace,
    private readonly maxIntervalMs: number,
    private readonly observer?: PollingObserver,
  ) {}

  get polling(): number {
    return this.pollers.size;
  }

  watch(hub: FleetHub): void {
    if (this.pollers.has(hub) || hub.hasEnded) return;
    const poller = new FleetPoller(this.upstream, this.pace, this.maxIntervalMs, {
      fleetRef: hub.fleetRef,
      from: hub.delivered.state(),
      baseline: hub.untouched,
      payer: () => hub.payer(),
      sink: (batch) => {
        hub.take(batch);
        return true;
      },
      onEnd: () => this.unwatch(hub),
    });
    this.pollers.set(hub, poller);
    this.counted();
  }

  unwatch(hub: FleetHub): void {
    const poller = this.pollers.get(hub);
    if (!poller) return;
    poller.stop();
    this.pollers.delete(hub);
    this.counted();
  }

  async replay(hub: FleetHub, since: Date, options: CallOptions): Promise<readonly Event[]> {
    const { events } = await eventsSince(this.upstream, hub.fleetRef, since, MAX_REPLAY_PAGES, options);
    return events.reverse();
  }

  close(): void {
    for (const hub of [...this.pollers.keys()]) this.unwatch(hub);
    this.pace.close();
  }

  private counted(): void {
    this.observer?.polling(this.pollers.size);
  }
}
