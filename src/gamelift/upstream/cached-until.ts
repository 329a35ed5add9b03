/**
 * Until when the cache layer will give an answer again (epoch ms), by the answer object itself:
 * coalesced waiters receive the same object, so they learn it too. Weak: gone with the answer.
 */
const expiries = new WeakMap<object, number>();

export function markCachedUntil<T>(answer: T, expiresAt: number): T {
  if (typeof answer === 'object' && answer !== null) expiries.set(answer, expiresAt);
  return answer;
}

/** Undefined for an answer the cache did not keep (its kind has a TTL of 0, or it was never cached). */
export function cachedUntil(answer: unknown): number | undefined {
  return typeof answer === 'object' && answer !== null ? expiries.get(answer) : undefined;
}
