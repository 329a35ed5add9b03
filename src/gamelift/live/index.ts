import { budgetShare, type UpstreamSettings } from '../upstream/index.js';
import type { GameLiftUpstream } from '../upstream/upstream.js';
import { LiveEvents, type LiveSettings, type SubscriberObserver } from './live-events.js';
import { LivePace, type PaceObserver } from './live-pace.js';
import { LocalEngine } from './local-engine.js';
import type { SharedEngineObserver } from './shared-engine.js';

export { LiveEvents, type LiveItem, type LiveSettings, type LiveSubscription } from './live-events.js';

export type LiveObserver = SubscriberObserver & PaceObserver & SharedEngineObserver;

/** Entries a fleet's shared stream keeps (about: Redis trims by whole nodes). */
const STREAM_MAX_LENGTH = 1_000;
/** A fleet's stream, and how far it was followed, outlive the last poll by this much. */
const STREAM_TTL_MS = 60 * 60_000;
const REDIS_WAIT_MS = 2_000;
/** Polls wait for the live share as long as it takes: that wait is what stretches their intervals (live-pace.ts). */
const SHARE_QUEUE_TIMEOUT_MS = 3_600_000;

/**
 * The replica's live events: with `redisUrl`, one poller per fleet for the whole deployment
 * (shared-engine.ts), falling back to pollers of its own while Redis is away; without, pollers
 * of its own. Either way live polls stay within LIVE_BUDGET_SHARE of the budget.
 */
export async function createLiveEvents(
  upstream: GameLiftUpstream,
  upstreamSettings: UpstreamSettings,
  settings: LiveSettings,
  redisUrl: string | null,
  observer?: LiveObserver,
): Promise<LiveEvents> {
  const pace = new LivePace(settings.intervalMs, budgetShare(upstreamSettings, 'live', settings.budgetShare, SHARE_QUEUE_TIMEOUT_MS), observer);
  if (!redisUrl) return new LiveEvents(upstream, new LocalEngine(upstream, pace, settings.maxIntervalMs, observer), settings, observer);

  // The Redis client loads only for a deployment that uses it.
  const [{ RedisLiveStore }, { SharedEngine }] = await Promise.all([import('./redis-live-store.js'), import('./shared-engine.js')]);
  let engine: InstanceType<typeof SharedEngine> | null = null;
  const store = new RedisLiveStore(redisUrl, upstreamSettings.scope, { maxLength: STREAM_MAX_LENGTH, ttlMs: STREAM_TTL_MS }, (available) =>
    engine?.availability(available),
  );
  const local = new LocalEngine(upstream, pace, settings.maxIntervalMs, { polling: () => engine?.reportPolling() });
  // Like the shared store, waits a moment for Redis so that a normal start shares from the first stream.
  await store.whenAvailable(REDIS_WAIT_MS);
  engine = new SharedEngine(store, local, upstream, pace, settings, observer);
  return new LiveEvents(upstream, engine, settings, observer);
}
