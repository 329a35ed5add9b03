/**
 * State the replicas of one deployment share (through Redis, REDIS_URL): cached GameLift answers
 * and the rate budget's window. Every method throws when the store is unreachable; callers then
 * fall back to state of their own, so that losing the store degrades sharing, never service.
 */
export interface SharedStore {
  /** True while the store answers; checked before each use. */
  readonly available: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /**
   * The rate window over the store's own clock (see slot-window.ts): takes a slot if fewer than
   * `limit` are held, and answers how to give it back once the call has its answer; otherwise
   * the ms until one may free. A slot never given back (its replica died) frees after `holdMs`.
   */
  takeSlot(key: string, limit: number, windowMs: number, holdMs: number): Promise<{ readonly wait: number; readonly release?: () => Promise<void> }>;
}
