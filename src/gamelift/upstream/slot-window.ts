/**
 * GameLift's view of the rate: at most `limit` calls arriving in any window of `windowMs`. The
 * gateway cannot see arrivals, only that each lies between the moment it let the call go and the
 * moment the answer came back. So a slot is held from the start of a call until `windowMs` after
 * its answer: then any `windowMs` of arrivals holds at most `limit` calls, however long the event
 * loop, the network or GameLift took (the proof: the last call let into such a window found
 * every other call of it still holding its slot).
 */
export interface SlotWindow {
  /** Takes a slot when fewer than `limit` are held; otherwise the ms until one frees, or Infinity until a call in flight ends. */
  take(limit: number): number;
  /** The call that held a slot has its answer (or failed): its slot frees `windowMs` from now. */
  release(): void;
}

/** The window of this process, on its monotonic clock. */
export class LocalSlotWindow implements SlotWindow {
  private inFlight = 0;
  /** When the calls that ended did so, oldest first, from `head` on (compacted as it advances). */
  private ended: number[] = [];
  private head = 0;

  constructor(private readonly windowMs: number) {}

  take(limit: number): number {
    const now = performance.now();
    while (this.head < this.ended.length && (this.ended[this.head] as number) <= now - this.windowMs) this.head++;
    if (this.head > 1024 && this.head * 2 > this.ended.length) {
      this.ended = this.ended.slice(this.head);
      this.head = 0;
    }
    const held = this.inFlight + this.ended.length - this.head;
    if (held < limit) {
      this.inFlight++;
      return 0;
    }
    const oldestEnd = this.ended[this.head];
    return oldestEnd === undefined ? Infinity : Math.max(1, oldestEnd + this.windowMs - now);
  }

  release(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.ended.push(performance.now());
  }
}
