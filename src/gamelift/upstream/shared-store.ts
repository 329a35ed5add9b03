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
   * Sliding window over the store's own clock: takes a slot if fewer than `limit` were taken in
   * the last `windowMs` (or always, with `force`) and answers 0; otherwise the ms until one frees.
   */
  takeSlot(key: string, limit: number, windowMs: number, force: boolean): Promise<number>;
}
