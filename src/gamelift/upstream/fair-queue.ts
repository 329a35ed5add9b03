/**
 * Waiters queued by client and served round-robin, one at a time: a client with a thousand queued
 * calls gets one turn, then every other waiting client gets one. So one client's burst delays that
 * client, never the others.
 *
 * How long is too long is judged per client, at the head of its lane: the client's next call has
 * waited `timeoutMs` for its turn to come, so the budget cannot serve that client now, and every
 * call it has waiting is dropped together. A request whose calls the budget can serve one after
 * another is never failed halfway because its last call was queued long ago. A lane holds at most
 * `maxPerClient` waiters: more could not be started within the timeout even with the whole budget.
 *
 * Every operation is O(1): lanes, the ring of lanes and the order in which lane heads expire are
 * linked lists, one timer serves every deadline, and a waiter whose request ended leaves at once.
 */
export interface Ticket {
  readonly client: string;
  reject(error: Error): void;
}

class Waiter<T extends Ticket> {
  older: Waiter<T> | null = null;
  newer: Waiter<T> | null = null;
  stopListening: () => void = () => undefined;

  constructor(
    readonly ticket: T,
    readonly lane: Lane<T>,
  ) {}
}

/** One client's waiters, oldest first; its place in the ring of lanes; its place in the expiry order. */
class Lane<T extends Ticket> {
  oldest: Waiter<T> | null = null;
  newest: Waiter<T> | null = null;
  size = 0;
  previous: Lane<T> = this;
  next: Lane<T> = this;
  /** When the current head began waiting for its turn (performance.now()). */
  headSince = 0;
  expiresBefore: Lane<T> | null = null;
  expiresAfter: Lane<T> | null = null;

  constructor(readonly client: string) {}
}

export class FairQueue<T extends Ticket> {
  private readonly lanes = new Map<string, Lane<T>>();
  /** The lane served next; null when nobody waits. */
  private turn: Lane<T> | null = null;
  /** Lanes by when their head began waiting, the first to expire first. */
  private firstToExpire: Lane<T> | null = null;
  private lastToExpire: Lane<T> | null = null;
  private expiry: NodeJS.Timeout | null = null;
  private count = 0;

  constructor(
    private readonly settings: { readonly timeoutMs: number; maxPerClient(): number },
    /** Called for every waiter dropped because its lane waited too long. */
    private readonly expired: (ticket: T) => void,
  ) {}

  get size(): number {
    return this.count;
  }

  /**
   * Queues a ticket; it leaves when served, when its lane expires, or when `signal` aborts
   * (rejected with the reason). False, and nothing queued, when the client's lane is full.
   */
  add(ticket: T, signal?: AbortSignal): boolean {
    const existing = this.lanes.get(ticket.client);
    if (existing && existing.size >= this.settings.maxPerClient()) return false;
    const lane = existing ?? this.openLane(ticket.client);
    const waiter = new Waiter<T>(ticket, lane);
    waiter.older = lane.newest;
    if (lane.newest) lane.newest.newer = waiter;
    else lane.oldest = waiter;
    lane.newest = waiter;
    lane.size++;
    this.count++;
    if (signal) {
      const onAbort = () => {
        this.remove(waiter);
        ticket.reject(abortReason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.stopListening = () => signal.removeEventListener('abort', onAbort);
    }
    return true;
  }

  /** The next waiter in round-robin order, taken off the queue; null when none waits. */
  next(): T | null {
    const lane = this.turn;
    const waiter = lane?.oldest;
    if (!lane || !waiter) return null;
    this.turn = lane.next;
    this.remove(waiter);
    return waiter.ticket;
  }

  /** Drops every waiter with `error` (the gateway stops). */
  clear(error: Error): void {
    for (const lane of [...this.lanes.values()]) this.dropAll(lane, () => error);
  }

  private openLane(client: string): Lane<T> {
    const lane = new Lane<T>(client);
    if (this.turn) {
      // Joins the ring just before the lane served next: a newcomer waits one round at most.
      lane.next = this.turn;
      lane.previous = this.turn.previous;
      this.turn.previous.next = lane;
      this.turn.previous = lane;
    } else {
      this.turn = lane;
    }
    this.lanes.set(client, lane);
    this.startWaiting(lane);
    return lane;
  }

  /** Takes a waiter out of its lane; a lane left empty closes, a lane with a new head starts its wait anew. */
  private remove(waiter: Waiter<T>): void {
    waiter.stopListening();
    const { lane } = waiter;
    const wasHead = lane.oldest === waiter;
    if (waiter.older) waiter.older.newer = waiter.newer;
    else lane.oldest = waiter.newer;
    if (waiter.newer) waiter.newer.older = waiter.older;
    else lane.newest = waiter.older;
    waiter.older = waiter.newer = null;
    lane.size--;
    this.count--;
    if (!lane.oldest) this.closeLane(lane);
    else if (wasHead) this.startWaiting(lane);
  }

  private dropAll(lane: Lane<T>, reason: (ticket: T) => Error | null): void {
    for (let waiter = lane.oldest; waiter; waiter = lane.oldest) {
      this.remove(waiter);
      const error = reason(waiter.ticket);
      if (error) waiter.ticket.reject(error);
    }
  }

  private closeLane(lane: Lane<T>): void {
    this.lanes.delete(lane.client);
    this.stopWaiting(lane);
    if (lane.next === lane) {
      this.turn = null;
      return;
    }
    lane.previous.next = lane.next;
    lane.next.previous = lane.previous;
    if (this.turn === lane) this.turn = lane.next;
  }

  /** The lane's head begins its wait now: the lane moves to the end of the expiry order. */
  private startWaiting(lane: Lane<T>): void {
    this.stopWaiting(lane);
    lane.headSince = performance.now();
    lane.expiresBefore = this.lastToExpire;
    if (this.lastToExpire) this.lastToExpire.expiresAfter = lane;
    else this.firstToExpire = lane;
    this.lastToExpire = lane;
    if (this.firstToExpire === lane) this.armExpiry();
  }

  private stopWaiting(lane: Lane<T>): void {
    const wasFirst = this.firstToExpire === lane;
    if (lane.expiresBefore) lane.expiresBefore.expiresAfter = lane.expiresAfter;
    else if (wasFirst) this.firstToExpire = lane.expiresAfter;
    if (lane.expiresAfter) lane.expiresAfter.expiresBefore = lane.expiresBefore;
    else if (this.lastToExpire === lane) this.lastToExpire = lane.expiresBefore;
    lane.expiresBefore = lane.expiresAfter = null;
    if (wasFirst) this.armExpiry();
  }

  /** One timer, for the lane whose head has waited longest. */
  private armExpiry(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    const first = this.firstToExpire;
    if (!first) return;
    this.expiry = setTimeout(() => this.expire(), Math.max(0, first.headSince + this.settings.timeoutMs - performance.now()));
    this.expiry.unref();
  }

  private expire(): void {
    this.expiry = null;
    const now = performance.now();
    for (let lane = this.firstToExpire; lane && lane.headSince + this.settings.timeoutMs <= now; lane = this.firstToExpire) {
      this.dropAll(lane, (ticket) => {
        this.expired(ticket);
        return null;
      });
    }
    this.armExpiry();
  }
}

/** Why a waiter left: the signal's reason when it is an Error. */
export function abortReason(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The request ended before its GameLift call could start.', 'AbortError');
}
