import type { ExecutionResult } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { SharedStore } from '../gamelift/upstream/shared-store.js';

/** A cached answer: the result, and the exact bytes it was sent as (`stringify` makes yoga send them again). */
type CachedResult = ExecutionResult & { readonly stringify: () => string };

/** In-process entries are bounded by their serialized size: dashboards repeat a few queries, and distinct ones rarely come again. */
const LOCAL_MAX_BYTES = 8 * 1024 * 1024;
/** Expired entries are dropped this often (one timer, not one per entry). */
const PURGE_INTERVAL_MS = 5_000;

/** The body as yoga serializes it: everything but `extensions.http` (headers for the response, which a hit does not repeat). */
function bodyOf(result: ExecutionResult): string {
  const http = result.extensions?.http;
  if (http === undefined) return JSON.stringify(result);
  const { http: _headers, ...extensions } = result.extensions ?? {};
  return JSON.stringify({ ...result, extensions: Object.keys(extensions).length > 0 ? extensions : undefined });
}

function cached(result: ExecutionResult, body: string): CachedResult {
  return { ...result, stringify: () => body };
}

/**
 * Where whole GraphQL answers are kept for the response cache: shared by every replica through the
 * store while it is up (as JSON text), in-process otherwise. An answer is serialized once, when it is
 * stored; a hit sends those bytes, so that it is byte for byte the answer that was computed.
 * There are no mutations to invalidate anything: entries only expire.
 */
export class ResponseStore {
  private readonly local = new LRUCache<string, CachedResult>({
    maxSize: LOCAL_MAX_BYTES,
    sizeCalculation: (entry) => entry.stringify().length + 64,
    ttlAutopurge: false,
  });
  private readonly purge = setInterval(() => this.local.purgeStale(), PURGE_INTERVAL_MS).unref();

  constructor(
    /** Keys of the shared store: one deployment's GameLift account and Region (see upstreamScope). */
    private readonly scope: string,
    private readonly shared: SharedStore | null,
  ) {}

  async set(id: string, result: ExecutionResult, ttlMs: number): Promise<void> {
    const entry = cached(result, bodyOf(result));
    // The same object goes on to be sent: yoga then sends these bytes instead of serializing it again.
    Object.assign(result, { stringify: entry.stringify });
    if (this.shared?.available) {
      try {
        await this.shared.set(this.key(id), entry.stringify(), ttlMs);
        return;
      } catch {
        // The store went away between the check and the call: keep it in-process instead.
      }
    }
    this.local.set(id, entry, { ttl: ttlMs });
  }

  close(): void {
    clearInterval(this.purge);
  }

  async get(id: string): Promise<CachedResult | undefined> {
    if (this.shared?.available) {
      try {
        const body = await this.shared.get(this.key(id));
        return body === null ? undefined : cached(JSON.parse(body) as ExecutionResult, body);
      } catch {
        // As above: the in-process cache answers.
      }
    }
    return this.local.get(id);
  }

  private key(id: string): string {
    return `response:${this.scope}:${id}`;
  }
}
