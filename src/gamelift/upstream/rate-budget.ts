import type { AttemptGate, Slot } from './attempts.js';
import { FairQueue, type Ticket } from './fair-queue.js';
import type { SharedStore } from './shared-store.js';
import { LocalSlotWindow } from './slot-window.js';
import type { CallOptions } from './upstream.js';

export interface BudgetSettings {
  /** GameLift requests this deployment may have arrive in any one-second window, all replicas together. */
  readonly maxRps: number;
  /** The per-replica budget while the shared store is unreachable. */
  readonly fallbackMaxRps: number;
  /** How long a client's next call may wait for its turn before its waiting calls fail with UPSTREAM_THROTTLED. */
  readonly queueTimeoutMs: number;
  /** Longest a call can be in flight (the SDK's request timeout): a slot whose holder vanished frees after it. */
  readonly maxCallMs: number;
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

/** GameLift counts calls per second; a slot is held from a call's start to a second after its answer (see slot-window.ts). */
const WINDOW_MS = 1_000;
/** After GameLift throttles, the budget halves; it stays lowered this long, then recovers over RECOVERY_MS. */
const RECOVERY_DELAY_MS = 5_000;
const RECOVERY_MS = 30_000;
/** Longest the dispatcher sleeps before it asks the shared store again. */
const MAX_POLL_MS = 50;

interface BudgetTicket extends Ticket {
  /** The call may go: it holds `slot` until its answer. */
  grant(slot: Slot): void;
}

/**
 * The GameLift rate budget: at most `maxRps` calls arriving at GameLift in any second, all
 * operations and retries together, measured as GameLift measures them (slot-window.ts). With a
 * shared store the window is the deployment's; without it, or while it is down, this replica's
 * (with `fallbackMaxRps`).
 *
 * Calls over the budget wait in a fair queue (fair-queue.ts): one lane per client, served
 * round-robin, so one client's burst delays that client, not the others; a client's next call
 * waits at most GAMELIFT_QUEUE_TIMEOUT_MS for its turn. A call whose request ended (its signal
 * aborts) leaves the queue at once. Throttling answers from GameLift halve the
 * budget for a while (as the SDK's adaptive mode does), then it recovers.
 */
export class RateBudget implements AttemptGate {
  private readonly local = new LocalSlotWindow(WINDOW_MS);
  private readonly queue: FairQueue<BudgetTicket>;
  private dispatching = false;
  private readonly pace = new Pace();
  private wake: { timer: NodeJS.Timeout; resolve: () => void } | null = null;
  private factor = 1;
  private throttledAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly settings: BudgetSettings,
    private readonly shared: SharedStore | null,
    private readonly key: string,
    private readonly observer?: BudgetObserver,
  ) {
    this.queue = new FairQueue<BudgetTicket>({ timeoutMs: settings.queueTimeoutMs, maxPerClient: () => this.capacity() }, (ticket) => {
      observer?.timedOut();
      ticket.reject(new RateBudgetTimeout(`GameLift rate budget exhausted: this client's next call waited ${settings.queueTimeoutMs} ms for its turn (GAMELIFT_QUEUE_TIMEOUT_MS)`));
    });
    observer?.rate(this.limit());
  }

  async acquire(_operation: string, options: CallOptions): Promise<Slot> {
    options.signal?.throwIfAborted();
    const started = performance.now();
    // Nobody waiting: straight to the window; otherwise behind the others, in this client's lane.
    const slot = (await this.takeNow()) ?? (await this.enqueue(options));
    this.observer?.waited((performance.now() - started) / 1000);
    return slot;
  }

  throttled(): void {
    const now = Date.now();
    // One halving per window: a burst of throttled retries is one signal, not many.
    if (now - this.throttledAt < WINDOW_MS) return;
    this.factor = Math.max(1 / this.settings.maxRps, this.currentFactor(now) / 2);
    this.throttledAt = now;
    this.observer?.rate(this.limit());
  }

  /** Calls the budget can start within the queue timeout: what one operation may be admitted with. */
  capacity(): number {
    return Math.max(1, Math.floor((this.limit() * this.settings.queueTimeoutMs) / WINDOW_MS));
  }

  /** The stopping gateway drops whatever still waits. */
  close(): void {
    this.queue.clear(new RateBudgetTimeout('The gateway is stopping.'));
    if (this.wake) {
      clearTimeout(this.wake.timer);
      this.wake.resolve();
    }
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

  private enqueue(options: CallOptions): Promise<Slot> {
    return new Promise<Slot>((resolve, reject) => {
      if (this.queue.add({ client: options.caller ?? 'anonymous', grant: resolve, reject }, options.signal)) {
        void this.dispatch();
        return;
      }
      this.observer?.timedOut();
      reject(
        new RateBudgetTimeout(
          `GameLift rate budget exhausted: this client already has ${this.capacity()} calls waiting, all the budget can start within GAMELIFT_QUEUE_TIMEOUT_MS`,
        ),
      );
    });
  }

  /** A slot at once, if nobody waits and the pace allows: the common case, with no queueing at all. */
  private async takeNow(): Promise<Slot | null> {
    if (this.queue.size > 0 || this.dispatching || this.pace.wait(this.limit()) > 0) return null;
    const { slot } = await this.take();
    if (slot) this.pace.spend();
    return slot;
  }

  /** A slot, or how long until one may free (Infinity: when a call in flight ends). */
  private async take(): Promise<{ slot: Slot | null; wait: number }> {
    const limit = this.limit();
    if (this.shared?.available) {
      try {
        const { wait, release } = await this.shared.takeSlot(this.key, limit, WINDOW_MS, this.settings.maxCallMs + WINDOW_MS);
        return release ? { slot: { release: () => void release().catch(() => undefined) }, wait: 0 } : { slot: null, wait };
      } catch {
        // The store went away: this replica's own window decides, with the fallback budget.
      }
    }
    const wait = this.local.take(this.shared ? Math.min(limit, this.settings.fallbackMaxRps) : limit);
    return wait > 0 ? { slot: null, wait } : { slot: this.localSlot(), wait: 0 };
  }

  private localSlot(): Slot {
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.local.release();
        // A call in flight ended: a waiter blocked on "all slots in flight" can be told when its slot frees.
        if (this.wake && this.queue.size > 0) this.interrupt();
      },
    };
  }

  /** Serves the queue one slot at a time, round-robin, at the pace, until it is empty. */
  private async dispatch(): Promise<void> {
    if (this.dispatching) return;
    this.dispatching = true;
    try {
      while (this.queue.size > 0) {
        const paced = this.pace.wait(this.limit());
        if (paced > 0) {
          await this.sleep(paced);
          continue;
        }
        const { slot, wait } = await this.take();
        if (!slot) {
          await this.sleep(this.shared?.available ? Math.min(wait, MAX_POLL_MS) : wait);
          continue;
        }
        const ticket = this.queue.next();
        this.pace.spend();
        if (ticket) ticket.grant(slot);
        // Everyone left while the slot was being taken: it goes back (freed a second from now).
        else slot.release();
      }
    } finally {
      this.dispatching = false;
    }
  }

  /** Sleeps `ms` (Infinity: until a call in flight ends), or until interrupted. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.interrupt(), Number.isFinite(ms) ? ms : 2_147_483_647);
      timer.unref();
      this.wake = { timer, resolve };
    });
  }

  private interrupt(): void {
    const wake = this.wake;
    this.wake = null;
    if (!wake) return;
    clearTimeout(wake.timer);
    wake.resolve();
  }
}

/**
 * How fast slots are handed out: a quarter of the budget at once, then one per 1/limit of a second
 * (a token bucket). Slots handed out in one burst would all free in one burst a second later, and
 * a call arriving just after would wait that second; spread out, the next free slot is never far,
 * so a client's call waits about one slot per client ahead of it, even while another floods.
 */
class Pace {
  private tokens = Number.POSITIVE_INFINITY;
  private at = performance.now();

  /** Ms until a slot may be handed out (0: now). */
  wait(limit: number): number {
    const now = performance.now();
    const burst = Math.max(1, Math.floor(limit / 4));
    this.tokens = Math.min(burst, this.tokens + ((now - this.at) * limit) / WINDOW_MS);
    this.at = now;
    return this.tokens >= 1 ? 0 : ((1 - this.tokens) * WINDOW_MS) / limit;
  }

  spend(): void {
    this.tokens -= 1;
  }
}
