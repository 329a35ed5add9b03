import type { AttemptGate } from './attempts.js';
import type { SharedStore } from './shared-store.js';
import type { CallOptions } from './upstream.js';

export interface BudgetSettings {
  /** GameLift requests this deployment may start in any one-second window, all replicas together. */
  readonly maxRps: number;
  /** The per-replica budget while the shared store is unreachable. */
  readonly fallbackMaxRps: number;
  /** How long a request may wait for the budget before it fails with UPSTREAM_THROTTLED. */
  readonly queueTimeoutMs: number;
}

export interface BudgetObserver {
  waited(seconds: number): void;
  timedOut(): void;
  /** The requests per second the budget allows now (after throttling, less for a while). */
  rate(rps: number): void;
}

/** Thrown to the SDK (which does not retry it) and mapped to UPSTREAM_THROTTLED. */
export class RateBudgetTimeout extends Error {
  override readonly name = 'RateBudgetTimeout';
}

/**
 * One second, plus a margin for the jitter between deciding to start a call and GameLift
 * receiving it (a busy event loop, the network), so that GameLift too never sees more than the
 * budget in any one second. Measured on a loaded 2-core machine, calls reached the upstream up
 * to about 60 ms after their slot; the margin is set well above that.
 */
const WINDOW_MS = 1_150;
/** After GameLift throttles, the budget halves; it stays lowered this long, then recovers over RECOVERY_MS. */
const RECOVERY_DELAY_MS = 5_000;
const RECOVERY_MS = 30_000;
/** Longest the dispatcher sleeps before it looks again (new callers, timeouts). */
const MAX_POLL_MS = 50;

/** The start times of the last calls, in this process. */
class LocalWindow {
  private readonly starts: number[] = [];

  take(now: number, limit: number, force: boolean): number {
    while (this.starts.length > 0 && (this.starts[0] as number) <= now - WINDOW_MS) this.starts.shift();
    if (force || this.starts.length < limit) {
      this.starts.push(now);
      return 0;
    }
    return Math.max(1, (this.starts[this.starts.length - limit] as number) + WINDOW_MS - now);
  }
}

interface Waiter {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
  done: boolean;
}

/**
 * The GameLift rate budget: at most `maxRps` requests started in any window of a second, all
 * operations and retries together (a sliding window, not a token bucket, whose burst would let
 * twice the rate through in one second). With a shared store the window is the deployment's;
 * without it, or while it is down, this replica's (with `fallbackMaxRps`).
 *
 * Requests over the budget queue, one queue per caller, served round-robin: one client's burst
 * cannot starve the others. The readiness probe takes its slot without waiting. Throttling answers
 * from GameLift halve the budget for a while (as the SDK's adaptive mode does), then it recovers.
 */
export class RateBudget implements AttemptGate {
  private readonly local = new LocalWindow();
  private readonly queues = new Map<string, Waiter[]>();
  /** Callers with waiting requests, in serving order: the one just served goes to the back. */
  private readonly turns: string[] = [];
  private dispatching = false;
  private factor = 1;
  private throttledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: BudgetSettings,
    private readonly shared: SharedStore | null,
    private readonly key: string,
    private readonly observer?: BudgetObserver,
  ) {
    observer?.rate(this.limit());
  }

  async beforeAttempt(_operation: string, options: CallOptions): Promise<void> {
    const started = performance.now();
    if (options.priority === 'probe') {
      await this.take(true);
    } else if (this.turns.length > 0 || (await this.take(false)) > 0) {
      await this.enqueue(options.caller ?? 'anonymous');
    }
    this.observer?.waited((performance.now() - started) / 1000);
  }

  throttled(): void {
    const now = Date.now();
    // One halving per window: a burst of throttled retries is one signal, not many.
    if (now - this.throttledAt < WINDOW_MS) return;
    this.factor = Math.max(1 / this.settings.maxRps, this.currentFactor(now) / 2);
    this.throttledAt = now;
    this.observer?.rate(this.limit());
  }

  /** The budget now: the full one without a store or while it is up, the fallback while it is down; lowered after throttling. */
  private limit(now = Date.now()): number {
    const base = this.shared && !this.shared.available ? this.settings.fallbackMaxRps : this.settings.maxRps;
    return Math.max(1, Math.floor(base * this.currentFactor(now)));
  }

  private currentFactor(now: number): number {
    const quiet = now - this.throttledAt - RECOVERY_DELAY_MS;
    return quiet <= 0 ? this.factor : this.factor + Math.min(1, quiet / RECOVERY_MS) * (1 - this.factor);
  }

  /** 0 when a slot was taken; otherwise the ms until one frees. */
  private async take(force: boolean): Promise<number> {
    const limit = this.limit();
    if (this.shared?.available) {
      try {
        return await this.shared.takeSlot(this.key, limit, WINDOW_MS, force);
      } catch {
        // The store went away: this replica's own window decides, with the fallback budget.
      }
    }
    const local = this.shared ? Math.min(limit, this.settings.fallbackMaxRps) : limit;
    return this.local.take(Date.now(), local, force);
  }

  private enqueue(caller: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        done: false,
        timer: setTimeout(() => {
          waiter.done = true;
          this.observer?.timedOut();
          reject(new RateBudgetTimeout(`GameLift rate budget exhausted: waited ${this.settings.queueTimeoutMs} ms (GAMELIFT_QUEUE_TIMEOUT_MS)`));
        }, this.settings.queueTimeoutMs),
      };
      const queue = this.queues.get(caller);
      if (queue) {
        queue.push(waiter);
      } else {
        this.queues.set(caller, [waiter]);
        this.turns.push(caller);
      }
      void this.dispatch();
    });
  }

  /** Serves the queues round-robin, one slot at a time, until they are empty. */
  private async dispatch(): Promise<void> {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      for (let caller = this.turns[0]; caller !== undefined; caller = this.turns[0]) {
        const queue = this.queues.get(caller) ?? [];
        while (queue.length > 0 && (queue[0] as Waiter).done) queue.shift();
        const waiter = queue[0];
        if (waiter && (await this.slotFor(waiter))) {
          queue.shift();
          waiter.done = true;
          clearTimeout(waiter.timer);
          waiter.resolve();
        }
        this.turns.shift();
        if (queue.length > 0) this.turns.push(caller);
        else this.queues.delete(caller);
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** Waits for a slot for `waiter`; false when it gave up (timed out) first. */
  private async slotFor(waiter: Waiter): Promise<boolean> {
    for (let wait = await this.take(false); wait > 0; wait = await this.take(false)) {
      if (waiter.done) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.min(wait, MAX_POLL_MS)));
    }
    return true;
  }
}
