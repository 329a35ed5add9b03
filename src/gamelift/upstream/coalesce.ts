import type { Next, UpstreamCall, UpstreamLayer } from './upstream.js';

export interface CoalesceObserver {
  coalesced(operation: string): void;
}

/**
 * Identical calls in flight at the same time share one: the first goes upstream, the others wait
 * for its answer (or its error, the same typed error for all). Nothing a waiter does (a client
 * hanging up) cancels the shared call, since calls carry no abort signal.
 */
export function coalescing(observer?: CoalesceObserver): UpstreamLayer {
  const inFlight = new Map<string, Promise<unknown>>();
  return {
    name: 'coalesce',
    handle(call: UpstreamCall, next: Next): Promise<unknown> {
      // A call that needs fresh data never shares an answer that may come from the cache.
      const key = `${call.options.fresh ? 'fresh' : 'any'}:${call.key}`;
      const shared = inFlight.get(key);
      if (shared) {
        observer?.coalesced(call.operation);
        return shared;
      }
      const started = next(call).finally(() => inFlight.delete(key));
      inFlight.set(key, started);
      return started;
    },
  };
}
