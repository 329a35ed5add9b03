import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { attachAttemptStep, type AttemptObserver } from './attempts.js';
import { coalescing, type CoalesceObserver } from './coalesce.js';
import { RateBudget, type BudgetObserver, type BudgetSettings } from './rate-budget.js';
import { responseCache, type CacheObserver, type CacheTtls } from './response-cache.js';
import type { Tracer } from '../../observability/trace-span.js';
import type { SharedStore } from './shared-store.js';
import { GameLiftUpstream } from './upstream.js';

export interface UpstreamSettings {
  /** Which GameLift this is (region and endpoint): calls to another never share answers or budget. */
  readonly scope: string;
  readonly cacheTtls: CacheTtls;
  readonly coalescing: boolean;
  readonly budget: BudgetSettings;
  /** Shared with the other replicas (Redis), or null to keep everything in-process. */
  readonly shared: SharedStore | null;
  readonly observer?: AttemptObserver & CoalesceObserver & CacheObserver & BudgetObserver;
  /** Set when traces are exported (OTEL_EXPORTER_OTLP_ENDPOINT). */
  readonly tracer?: Tracer | null;
}

/**
 * The one upstream path, with its layers in order, outermost first:
 * 1. coalescing — identical calls in flight share one (so only one of them consults the cache);
 * 2. the response cache — answers within their TTL, shared by replicas through the store;
 * then, inside the SDK's retry loop, for every attempt: the rate budget (shared window, fair
 * queue) and the metrics of what GameLift saw.
 */
export function createUpstream(client: GameLiftClient, settings: UpstreamSettings): GameLiftUpstream {
  const { scope, observer, shared } = settings;
  const budget = new RateBudget(settings.budget, shared, `budget:${scope}`, observer);
  attachAttemptStep(client, budget, observer ?? null);
  return new GameLiftUpstream(
    client,
    [...(settings.coalescing ? [coalescing(observer)] : []), responseCache(settings.cacheTtls, shared, observer)],
    scope,
    budget,
    settings.tracer ?? null,
  );
}

/**
 * A part of the rate budget for one kind of call (live polls), shared by the replicas like the
 * budget itself: `fraction` of it, at least one call a second. Calls given it in
 * `CallOptions.share` wait for it first, then for the budget, so they never take more than
 * their part, and what they do take is still counted in the whole.
 */
export function budgetShare(settings: UpstreamSettings, name: string, fraction: number, queueTimeoutMs: number): RateBudget {
  const part = (rps: number) => Math.max(1, Math.floor(rps * fraction));
  const { budget, shared, scope } = settings;
  return new RateBudget(
    { ...budget, maxRps: part(budget.maxRps), fallbackMaxRps: part(budget.fallbackMaxRps), queueTimeoutMs },
    shared,
    `budget:${scope}:${name}`,
  );
}
