/** One GameLift API request to a known operation. */
export interface ApiCall {
  readonly operation: string;
  /** Arrival in epoch ms with sub-millisecond precision (performance.timeOrigin + performance.now()). */
  readonly at: number;
  /** The Region the request was signed for (the seed's when it was not signed). */
  readonly region: string;
  /** The FleetId the request named (an id or an ARN, as sent), for the operations that take one. */
  readonly fleetId?: string;
}

/** The log keeps the newest calls only, so a long-running simulator cannot grow without bound. */
export const MAX_LOGGED_CALLS = 100_000;

/** Arrival time in epoch ms, finer than Date.now() so rate limits can be measured between close calls. */
export const arrivalTime = (): number => performance.timeOrigin + performance.now();

/**
 * Calls in the order they were recorded, the newest `capacity` of them. Trimming happens in
 * batches (once twice the capacity is held) so recording stays O(1) amortized.
 */
export class CallLog {
  private entries: ApiCall[] = [];

  constructor(private readonly capacity = MAX_LOGGED_CALLS) {}

  record(call: ApiCall): void {
    this.entries.push(call);
    if (this.entries.length >= 2 * this.capacity) this.entries = this.entries.slice(-this.capacity);
  }

  /**
   * Oldest first by arrival. A request is recorded once its body is read, so a slow upload can be
   * recorded after a later arrival; sorting puts it back (the list is nearly sorted: cheap).
   */
  calls(): ApiCall[] {
    return this.entries.slice(-this.capacity).sort((a, b) => a.at - b.at);
  }

  clear(): void {
    this.entries = [];
  }
}
