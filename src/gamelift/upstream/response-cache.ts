import { LRUCache } from 'lru-cache';
import { markCachedUntil } from './cached-until.js';
import type { SharedStore } from './shared-store.js';
import type { Next, UpstreamCall, UpstreamLayer } from './upstream.js';

/** How long GameLift answers are reused, by what they hold; 0 turns caching off for that kind. */
export interface CacheTtls {
  /** ListFleets, DescribeFleetAttributes, …Capacity, …Utilization. */
  readonly fleetsMs: number;
  /** The newest page of a fleet's events (no NextToken): new events arrive there. */
  readonly newestEventsMs: number;
  /** Pages reached through a NextToken: older events do not change. */
  readonly olderEventsMs: number;
}

export interface CacheObserver {
  cache(operation: string, result: 'hit' | 'miss'): void;
}

function ttlOf({ operation, input }: UpstreamCall, ttls: CacheTtls): number {
  if (operation !== 'DescribeFleetEvents') return ttls.fleetsMs;
  return 'NextToken' in input && input.NextToken ? ttls.olderEventsMs : ttls.newestEventsMs;
}

/** An answer with the instant it expires, which a whole GraphQL answer built from it must not outlive. */
interface CachedAnswer {
  readonly value: unknown;
  readonly expiresAt: number;
}

/** In-process entries are bounded by an estimate of their size (answers hold dates and URLs). */
const LOCAL_MAX_BYTES = 16 * 1024 * 1024;
/** Expired entries are dropped this often, so that memory follows the traffic of the last TTL, not the bound. */
const PURGE_INTERVAL_MS = 5_000;
/** A generous per-record estimate (an event with its presigned log URL is about 1.7 KB), cheaper than measuring. */
const BYTES_PER_RECORD = 2048;

function estimatedSize(value: unknown): number {
  const records = Object.values(value as Record<string, unknown>).reduce<number>((sum, item) => sum + (Array.isArray(item) ? item.length : 0), 0);
  return BYTES_PER_RECORD * (records + 1);
}

/** JSON that keeps Dates (the SDK's timestamps) as Dates through the shared store. */
function serialize(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, item: unknown) {
    const original = this[key];
    return original instanceof Date ? { $date: original.getTime() } : item;
  });
}

function deserialize(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && '$date' in item && typeof item.$date === 'number' ? new Date(item.$date) : item,
  );
}

/**
 * Short-lived answers, shared by every replica through the store while it is up, in-process
 * otherwise. A call that needs fresh data (`fresh`) goes around the lookup, and refreshes the entry.
 */
export function responseCache(ttls: CacheTtls, shared: SharedStore | null, observer?: CacheObserver): UpstreamLayer {
  const local = new LRUCache<string, CachedAnswer>({
    maxSize: LOCAL_MAX_BYTES,
    sizeCalculation: (entry) => estimatedSize(entry.value),
    ttlAutopurge: false,
  });
  const purge = setInterval(() => local.purgeStale(), PURGE_INTERVAL_MS);
  purge.unref();

  async function lookup(key: string): Promise<CachedAnswer | undefined> {
    if (shared?.available) {
      try {
        const text = await shared.get(key);
        return text === null ? undefined : (deserialize(text) as CachedAnswer);
      } catch {
        // The store went away between the check and the call: the in-process cache answers.
      }
    }
    return local.get(key);
  }

  async function store(key: string, entry: CachedAnswer, ttlMs: number): Promise<void> {
    if (shared?.available) {
      try {
        await shared.set(key, serialize(entry), ttlMs);
        return;
      } catch {
        // As above: keep it in-process instead.
      }
    }
    local.set(key, entry, { ttl: ttlMs });
  }

  return {
    name: 'cache',
    close: () => clearInterval(purge),
    async handle(call: UpstreamCall, next: Next): Promise<unknown> {
      const ttlMs = ttlOf(call, ttls);
      const { span } = call.options;
      if (ttlMs === 0) {
        span?.set({ 'fleetgraph.cache': 'off' });
        return next(call);
      }
      // `answer:`, not the `cache:` of versions that stored the bare value: replicas of both, side by side in a rolling update, never read each other's entries.
      const key = `answer:${call.key}`;
      if (!call.options.fresh) {
        const hit = await lookup(key);
        observer?.cache(call.operation, hit ? 'hit' : 'miss');
        span?.set({ 'fleetgraph.cache': hit ? 'hit' : 'miss' });
        if (hit) return markCachedUntil(hit.value, hit.expiresAt);
      }
      if (call.options.fresh) span?.set({ 'fleetgraph.cache': 'bypass' });
      const value = await next(call);
      const expiresAt = Date.now() + ttlMs;
      await store(key, { value, expiresAt }, ttlMs);
      return markCachedUntil(value, expiresAt);
    },
  };
}
