import { FairQueue, type Ticket } from './fair-queue.js';

interface SlotTicket extends Ticket {
  grant(): void;
}

/**
 * At most `max` holders at once; the others wait their turn in a fair queue by client (one
 * client's flood waits behind itself), for at most `timeoutMs` per turn, or until their request ends.
 */
export class FairSlots {
  private active = 0;
  private readonly waiting: FairQueue<SlotTicket>;

  constructor(
    private readonly max: number,
    timeoutMs: number,
    timedOut: () => Error,
  ) {
    this.waiting = new FairQueue<SlotTicket>({ timeoutMs, maxPerClient: () => Number.POSITIVE_INFINITY }, (ticket) => ticket.reject(timedOut()));
  }

  /** Resolves with the function that gives the slot back (once; later calls do nothing). */
  async acquire(client: string, signal?: AbortSignal): Promise<() => void> {
    if (this.active < this.max && this.waiting.size === 0) {
      this.active++;
    } else {
      await new Promise<void>((resolve, reject) => this.waiting.add({ client, grant: resolve, reject }, signal));
    }
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.release();
    };
  }

  /** The slot goes straight to the next waiter, so that a newcomer cannot overtake it. */
  private release(): void {
    const next = this.waiting.next();
    if (next) next.grant();
    else this.active--;
  }
}
