import { randomUUID } from 'node:crypto';
import type { Event } from '@aws-sdk/client-gamelift';
import type { CallOptions, GameLiftUpstream } from '../upstream/upstream.js';
import type { FleetHub } from './fleet-hub.js';
import { FleetPoller } from './fleet-poller.js';
import type { LivePace } from './live-pace.js';
import type { LiveEngine, LocalEngine, PollingObserver } from './local-engine.js';
import type { RedisLiveStore } from './redis-live-store.js';

export interface SharedEngineSettings {
  /** LIVE_POLL_INTERVAL_MS: leases are tried and renewed twice per interval (or per third of the lease, if shorter). */
  readonly intervalMs: number;
  /** LIVE_LEASE_MS. */
  readonly leaseMs: number;
  readonly maxIntervalMs: number;
}

export interface SharedEngineObserver extends PollingObserver {
  /** This replica took over a fleet whose previous poller never let go (it died, or lost Redis). */
  takeover(): void;
  /** Redis came or went: live streams are shared, or polled by each replica on its own. */
  shared(available: boolean): void;
}

/**
 * One poller per fleet for the whole deployment, through Redis. Every replica with subscribers
 * for a fleet follows the fleet's stream (one blocking reader per replica) and, at every tick,
 * tries to take the fleet's lease; the one that holds it polls GameLift and appends what is new
 * to the stream, renewing the lease as it goes. When the holder dies, its lease runs out and
 * another replica with subscribers takes over from what the stream has recorded. When Redis is
 * away, each replica polls its own fleets (LocalEngine) from what it delivered, and goes back to
 * the streams when Redis returns; hubs drop what they already delivered and read any gap from
 * GameLift, so subscribers see every event once across both switches.
 */
export class SharedEngine implements LiveEngine {
  private readonly hubs = new Set<FleetHub>();
  /** The leases this replica holds: the poller it runs under each. */
  private readonly held = new Map<FleetHub, FleetPoller>();
  /** Hubs whose lease is being asked for: one request at a time each. */
  private readonly asking = new Set<FleetHub>();
  private readonly token = randomUUID();
  private readonly ticker: NodeJS.Timeout;
  private sharing: boolean;

  constructor(
    private readonly store: RedisLiveStore,
    private readonly local: LocalEngine,
    private readonly upstream: GameLiftUpstream,
    private readonly pace: LivePace,
    private readonly settings: SharedEngineSettings,
    private readonly observer?: SharedEngineObserver,
  ) {
    this.sharing = store.available;
    // Twice per interval (or per third of a lease, if shorter): a lease that ran out is taken over within half an interval.
    this.ticker = setInterval(() => this.tick(), Math.max(50, Math.floor(Math.min(settings.intervalMs, settings.leaseMs / 3) / 2)));
    this.ticker.unref();
  }

  /** Redis came or went (called on every change of either connection; acts on real changes only). */
  availability(available: boolean): void {
    if (available === this.sharing) return;
    this.sharing = available;
    this.observer?.shared(available);
    for (const hub of this.hubs) {
      if (available) {
        this.local.unwatch(hub);
        void this.follow(hub);
      } else {
        this.stopHolding(hub);
        this.store.reader.unfollow(hub);
        this.local.watch(hub);
      }
    }
    this.reportPolling();
  }

  watch(hub: FleetHub): void {
    this.hubs.add(hub);
    if (this.sharing) void this.follow(hub);
    else this.local.watch(hub);
  }

  unwatch(hub: FleetHub): void {
    if (!this.hubs.delete(hub)) return;
    this.local.unwatch(hub);
    this.store.reader.unfollow(hub);
    if (this.stopHolding(hub)) void this.store.release(hub.fleetRef, this.token).catch(() => undefined);
    this.reportPolling();
  }

  async replay(hub: FleetHub, since: Date, options: CallOptions): Promise<readonly Event[]> {
    if (this.sharing) {
      try {
        const fromStream = await this.store.replay(hub.fleetRef, hub.fleetId, since);
        if (fromStream) return fromStream;
      } catch {
        // Redis went away mid-read: GameLift has it all.
      }
    }
    return this.local.replay(hub, since, options);
  }

  close(): void {
    clearInterval(this.ticker);
    for (const hub of [...this.hubs]) this.unwatch(hub);
    this.local.close();
  }

  /** Starts following the hub's stream from where it is now (or where it was), then asks for the lease. */
  private async follow(hub: FleetHub): Promise<void> {
    try {
      const tail = await this.store.tail(hub.fleetRef, hub.fleetId);
      if (!this.hubs.has(hub) || !this.sharing) return;
      // The fleet is gone, or unknown: its last word, and nobody polls it again.
      if (tail.final) return hub.receive(tail.final);
      hub.position ??= tail.position;
      this.store.reader.follow(hub);
      await this.ask(hub);
    } catch {
      // Redis is going away: availability() moves the hub to a poller of this replica.
    }
  }

  /** Every tick: renew what this replica holds, ask for what nobody holds. */
  private tick(): void {
    if (!this.sharing) return;
    for (const hub of this.hubs) {
      if (this.held.has(hub)) void this.renew(hub);
      else void this.ask(hub);
    }
  }

  private async renew(hub: FleetHub): Promise<void> {
    try {
      if (!(await this.store.renew(hub.fleetRef, this.token, this.settings.leaseMs))) this.stopHolding(hub);
    } catch {
      // Redis is going away: availability() takes over.
    }
  }

  private async ask(hub: FleetHub): Promise<void> {
    if (this.asking.has(hub) || this.held.has(hub)) return;
    this.asking.add(hub);
    try {
      const grant = await this.store.acquire(hub.fleetRef, this.token, this.settings.leaseMs);
      if (!grant) return;
      if (!this.hubs.has(hub) || !this.sharing || this.held.has(hub)) {
        await this.store.release(hub.fleetRef, this.token);
        return;
      }
      if (grant.previousHolder) this.observer?.takeover();
      const poller = new FleetPoller(this.upstream, this.pace, this.settings.maxIntervalMs, {
        fleetRef: hub.fleetRef,
        // Where the deployment got to; a stream Redis forgot (or never had) starts from this replica's own.
        from: grant.followed ?? hub.delivered.state(),
        baseline: grant.followed === null && hub.untouched,
        payer: () => hub.payer(),
        sink: (batch) => this.store.append(hub.fleetRef, this.token, batch),
        onEnd: (reason) => {
          if (this.held.get(hub) !== poller) return;
          this.held.delete(hub);
          this.reportPolling();
          // A fleet that ended keeps its lease until it runs out: nobody need poll it again meanwhile.
          if (reason === 'failed') void this.store.release(hub.fleetRef, this.token).catch(() => undefined);
        },
      });
      this.held.set(hub, poller);
      this.reportPolling();
    } catch {
      // Redis is going away: availability() takes over.
    } finally {
      this.asking.delete(hub);
    }
  }

  /** Stops polling under the hub's lease; whether this replica held it. */
  private stopHolding(hub: FleetHub): boolean {
    const poller = this.held.get(hub);
    if (!poller) return false;
    poller.stop();
    this.held.delete(hub);
    this.reportPolling();
    return true;
  }

  /** Fleets this replica polls: under its leases, and on its own while Redis is away. */
  reportPolling(): void {
    this.observer?.polling(this.held.size + this.local.polling);
  }
}
