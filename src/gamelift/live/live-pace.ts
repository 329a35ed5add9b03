import type { RateBudget } from '../upstream/rate-budget.js';

export interface PaceObserver {
  /** The longest time between two polls of one fleet on this replica now (seconds). */
  interval(seconds: number): void;
}

/**
 * How often live pollers poll. Each waits LIVE_POLL_INTERVAL_MS after a poll; then every call of
 * its next poll takes its turn for the live share (`gate`: LIVE_BUDGET_SHARE of the budget,
 * deployment-wide through Redis, with a fair queue by client). While the fleets watched fit in the
 * share at that interval, nobody waits. When they do not, polls wait their turn, and that wait is
 * what stretches the intervals: evenly across a client's fleets (200 fleets of one client on a
 * share of 5 calls/s: each polled every 40 s), and fairly between clients (a client watching 50
 * fleets waits behind its own polls, never in front of another's one). Queries never wait for live
 * polls beyond the share. The effective interval is measured poll by poll and reported.
 */
export class LivePace {
  private readonly periods = new Map<object, number>();
  private reported = Number.NaN;

  constructor(
    readonly intervalMs: number,
    readonly gate: RateBudget,
    private readonly observer?: PaceObserver,
  ) {
    this.report();
  }

  /** A poller polled, `periodMs` after its previous poll (or its start). */
  polled(poller: object, periodMs: number): void {
    this.periods.set(poller, periodMs);
    this.report();
  }

  /** The poller stopped. */
  forget(poller: object): void {
    if (this.periods.delete(poller)) this.report();
  }

  /** Drops the polls still waiting for the share (the gateway stops). */
  close(): void {
    this.gate.close();
  }

  private report(): void {
    let longest = this.intervalMs;
    for (const period of this.periods.values()) longest = Math.max(longest, period);
    if (longest === this.reported) return;
    this.reported = longest;
    this.observer?.interval(longest / 1000);
  }
}
