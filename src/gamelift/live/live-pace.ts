import type { AttemptGate } from '../upstream/attempts.js';

export interface PaceSettings {
  /** LIVE_POLL_INTERVAL_MS: how often each fleet is polled while the share allows it. */
  readonly intervalMs: number;
  /** Live polls per second the share allows (LIVE_BUDGET_SHARE × GAMELIFT_MAX_RPS), for the deployment or, on its own, this replica. */
  readonly shareRps: () => number;
}

export interface PaceObserver {
  /** The interval every poller now waits between polls. */
  interval(seconds: number): void;
}

/**
 * How often live pollers poll: every LIVE_POLL_INTERVAL_MS while the fleets being polled fit in
 * the live share of the budget at that rate, and evenly less often when they do not (200 fleets
 * on a share of 5 calls/s: every 40 s), so that live polling never crowds queries out. `fleets` is
 * the count for the deployment (from Redis) or for this replica alone. The share is also enforced
 * call by call: every poll's attempts pass `gate` (a budget of the share's size) before the budget.
 */
export class LivePace {
  private fleets = 0;
  private current: number;

  constructor(
    private readonly settings: PaceSettings,
    readonly gate: AttemptGate,
    private readonly observer?: PaceObserver,
  ) {
    this.current = settings.intervalMs;
    observer?.interval(this.current / 1000);
  }

  /** The fleets being polled changed (here, or anywhere in the deployment). */
  polledFleets(count: number): void {
    this.fleets = count;
    this.update();
  }

  /** The interval a poller waits after a poll that took one call. */
  intervalMs(): number {
    this.update();
    return this.current;
  }

  private update(): void {
    const fitting = Math.ceil((this.fleets * 1000) / Math.max(this.settings.shareRps(), Number.MIN_VALUE));
    const interval = Math.max(this.settings.intervalMs, fitting);
    if (interval === this.current) return;
    this.current = interval;
    this.observer?.interval(interval / 1000);
  }
}
