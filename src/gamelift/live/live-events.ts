import { GatewayError } from '../errors.js';
import type { GameLiftUpstream } from '../upstream/upstream.js';
import { FleetHub, type DeliveryObserver } from './fleet-hub.js';
import type { LiveItem } from './live-item.js';
import type { LiveEngine } from './local-engine.js';
import { LiveSubscriber, type LiveSubscription } from './live-subscriber.js';

export type { LiveItem } from './live-item.js';
export type { LiveSubscription } from './live-subscriber.js';

export interface LiveSettings {
  /** LIVE_POLL_INTERVAL_MS: how often each watched fleet is polled, while the live share allows. */
  readonly intervalMs: number;
  /** Longest interval while GameLift keeps throttling. */
  readonly maxIntervalMs: number;
  /** LIVE_LEASE_MS: how long a replica's hold on a fleet's poller lasts unrenewed (with REDIS_URL). */
  readonly leaseMs: number;
  /** LIVE_BUDGET_SHARE: the part of GAMELIFT_MAX_RPS live polls may take, deployment-wide. */
  readonly budgetShare: number;
  /** LIVE_MAX_FLEETS_PER_CLIENT: distinct fleet references one client may watch at once. */
  readonly maxFleetsPerClient: number;
  /** LIVE_MAX_STREAMS_PER_CLIENT: open streams one client may have. */
  readonly maxStreamsPerClient: number;
}

export interface SubscriberObserver extends DeliveryObserver {
  /** Open live streams on this replica. */
  subscribers(count: number): void;
}

/** One client's open streams, by the fleet reference they watch. */
type ClientStreams = Map<string, number>;

/**
 * Live fleet events for this replica: one hub per fleet reference, however many subscribers,
 * opened by the first and closed when the last leaves; the engine feeds the hubs (a poller per
 * fleet of its own, or the deployment's shared streams in Redis). A subscriber with `since`
 * first gets the events at or after that instant (from the shared stream while it still holds
 * them, else its own read, charged to its client and dropped the moment it leaves), then the
 * live ones, each event once. Each client may watch LIVE_MAX_FLEETS_PER_CLIENT references with
 * LIVE_MAX_STREAMS_PER_CLIENT streams; past either, a new subscription is refused before any
 * GameLift call.
 */
export class LiveEvents {
  private readonly hubs = new Map<string, FleetHub>();
  private readonly clients = new Map<string, ClientStreams>();
  private open = 0;

  constructor(
    private readonly upstream: GameLiftUpstream,
    private readonly engine: LiveEngine,
    private readonly settings: LiveSettings,
    private readonly observer?: SubscriberObserver,
  ) {}

  /** Throws SUBSCRIPTION_LIMIT_EXCEEDED when the client is at one of its limits. */
  subscribe(subscription: LiveSubscription): AsyncIterableIterator<LiveItem> {
    const { fleetRef, caller } = subscription;
    this.admit(caller, fleetRef);
    const hub = this.hubs.get(fleetRef) ?? this.openHub(fleetRef);
    const subscriber = new LiveSubscriber(subscription, () => {
      hub.remove(subscriber);
      this.release(caller, fleetRef);
      if (hub.size === 0) hub.end();
    });
    hub.add(subscriber);
    void subscriber.replay((since, signal) => this.engine.replay(hub, since, { caller, signal }));
    return subscriber.channel;
  }

  /** Ends every stream (the gateway is stopping). */
  close(): void {
    for (const hub of [...this.hubs.values()]) hub.end();
    this.engine.close();
  }

  private openHub(fleetRef: string): FleetHub {
    const hub = new FleetHub(
      fleetRef,
      this.upstream,
      (ended) => {
        if (this.hubs.get(fleetRef) === ended) this.hubs.delete(fleetRef);
        this.engine.unwatch(ended);
      },
      this.observer,
    );
    this.hubs.set(fleetRef, hub);
    this.engine.watch(hub);
    return hub;
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
    this.observer?.subscribers(++this.open);
  }

  private release(client: string, fleetRef: string): void {
    const streams = this.clients.get(client);
    const count = streams?.get(fleetRef) ?? 0;
    if (!streams || count === 0) return;
    if (count > 1) streams.set(fleetRef, count - 1);
    else streams.delete(fleetRef);
    if (streams.size === 0) this.clients.delete(client);
    this.observer?.subscribers(--this.open);
  }
}

const limitExceeded = (message: string, limit: number) => new GatewayError('SUBSCRIPTION_LIMIT_EXCEEDED', message, { limit });
