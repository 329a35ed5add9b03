import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AttemptObserver, AttemptOutcome } from '../gamelift/upstream/attempts.js';
import type { CoalesceObserver } from '../gamelift/upstream/coalesce.js';
import type { BudgetObserver } from '../gamelift/upstream/rate-budget.js';
import type { CacheObserver } from '../gamelift/upstream/response-cache.js';

/** Operation names are chosen by clients: at most this many distinct ones become label values. */
const MAX_OPERATION_NAMES = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per gateway, so that several
 * gateways in one process, as in tests, do not mix). Labels carry no fleet ids, keys or user data.
 */
/** What the upstream path of one Region reports. */
export type UpstreamObserver = AttemptObserver & CoalesceObserver & CacheObserver & BudgetObserver;

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly operationNames = new Set<string>();

  readonly upstreamRequests = this.counter(
    'fleetgraph_upstream_requests_total',
    'HTTP requests sent to GameLift, retries included, by Region, operation and outcome (ok, throttled, error).',
    ['region', 'operation', 'outcome'],
  );
  readonly upstreamDuration = this.histogram('fleetgraph_upstream_request_duration_seconds', 'Latency of HTTP requests to GameLift, by Region and operation.', [
    'region',
    'operation',
  ]);
  readonly graphqlRequests = this.counter(
    'fleetgraph_graphql_requests_total',
    'GraphQL operations served, by operation name and outcome (ok, partial, error).',
    ['operation_name', 'outcome'],
  );
  readonly graphqlDuration = this.histogram(
    'fleetgraph_graphql_request_duration_seconds',
    'Latency of GraphQL operations, by operation name and outcome.',
    ['operation_name', 'outcome'],
  );
  readonly logFetches = this.counter('fleetgraph_log_fetches_total', 'Reads of presigned log URLs, by outcome (ok or the error code).', ['outcome']);
  readonly logBytes = this.counter('fleetgraph_log_bytes_total', 'Bytes of log read from presigned log URLs (decoded), by every download.', []);
  readonly upstreamCoalesced = this.counter(
    'fleetgraph_upstream_coalesced_total',
    'GameLift calls not made because an identical call in flight was shared, by Region and operation.',
    ['region', 'operation'],
  );
  readonly upstreamCache = this.counter(
    'fleetgraph_upstream_cache_total',
    'Lookups of the GameLift response cache, by Region, operation and result (hit, miss).',
    ['region', 'operation', 'result'],
  );
  readonly budgetWait = this.histogram('fleetgraph_upstream_budget_wait_seconds', "Time GameLift requests waited for their Region's rate budget (GAMELIFT_MAX_RPS).", ['region'], [
    0, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
  ]);
  readonly budgetTimeouts = this.counter(
    'fleetgraph_upstream_budget_timeouts_total',
    "GameLift requests refused after waiting GAMELIFT_QUEUE_TIMEOUT_MS for their Region's rate budget.",
    ['region'],
  );
  readonly budgetRate = new Gauge({
    name: 'fleetgraph_upstream_budget_rps',
    help: "GameLift requests per second a Region's budget currently allows (lowered for a while after throttling).",
    labelNames: ['region'],
    registers: [this.registry],
  });
  readonly redisUp = new Gauge({
    name: 'fleetgraph_redis_up',
    help: '1 while the shared Redis (REDIS_URL) is reachable, 0 while the gateway runs on its in-process fallback; absent without REDIS_URL.',
    registers: [this.registry],
  });

  readonly responseCacheLookups = this.counter(
    'fleetgraph_response_cache_total',
    'Lookups of whole query answers in the response cache (RESPONSE_CACHE_TTL_MS), by result: hit or miss.',
    ['result'],
  );

  readonly liveFleets = this.gauge('fleetgraph_live_fleets', 'Fleets this replica polls for live streams (under its leases, or on its own while Redis is away).');
  readonly liveSubscribers = this.gauge('fleetgraph_live_subscribers', 'Live streams open on this replica.');
  readonly livePollInterval = this.gauge(
    'fleetgraph_live_poll_interval_seconds',
    'The interval between polls of one fleet now: LIVE_POLL_INTERVAL_MS, stretched when the fleets polled do not fit in LIVE_BUDGET_SHARE of the budget.',
  );
  readonly liveDeliveryLag = this.histogram(
    'fleetgraph_live_delivery_lag_seconds',
    'From the poll that found an event to its delivery to a subscriber of this replica.',
    [],
    [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  );
  readonly liveTakeovers = this.counter(
    'fleetgraph_live_lease_takeovers_total',
    "Fleets whose poller this replica took over because the previous holder's lease ran out (it died or lost Redis).",
    [],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** What the upstream path of `region` reports, labelled with it. */
  upstreamObserver(region: string): UpstreamObserver {
    return {
      attempt: (operation: string, outcome: AttemptOutcome, seconds: number) => {
        this.upstreamRequests.inc({ region, operation, outcome });
        this.upstreamDuration.observe({ region, operation }, seconds);
      },
      coalesced: (operation) => this.upstreamCoalesced.inc({ region, operation }),
      cache: (operation, result) => this.upstreamCache.inc({ region, operation, result }),
      waited: (seconds) => this.budgetWait.observe({ region }, seconds),
      timedOut: () => this.budgetTimeouts.inc({ region }),
      rate: (rps) => this.budgetRate.set({ region }, rps),
    };
  }

  graphqlOperation(name: string | undefined, outcome: 'ok' | 'partial' | 'error', seconds: number): void {
    const label = this.operationLabel(name);
    this.graphqlRequests.inc({ operation_name: label, outcome });
    this.graphqlDuration.observe({ operation_name: label, outcome }, seconds);
  }

  responseCache(result: 'hit' | 'miss'): void {
    this.responseCacheLookups.inc({ result });
  }

  logFetched(outcome: string, bytes: number): void {
    this.logFetches.inc({ outcome });
    if (bytes > 0) this.logBytes.inc(bytes);
  }

  /** A bounded label: well-formed names, the first MAX_OPERATION_NAMES of them; the rest `other`. */
  private operationLabel(name: string | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operationNames.has(name)) return name;
    if (this.operationNames.size >= MAX_OPERATION_NAMES) return 'other';
    this.operationNames.add(name);
    return name;
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge(name: string, help: string): Gauge {
    return new Gauge({ name, help, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[] = SECONDS): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

/**
 * What the live engines report, as these metrics: one engine per Region, whose gauges add up
 * (fleets polled, subscribers) or take the longest (the poll interval) across Regions.
 */
export function liveMetrics(metrics: GatewayMetrics): (region: string) => LiveMetricsObserver {
  const polling = new Map<string, number>();
  const subscribers = new Map<string, number>();
  const intervals = new Map<string, number>();
  const sum = (values: Map<string, number>) => [...values.values()].reduce((total, value) => total + value, 0);
  return (region) => ({
    polling: (fleets) => metrics.liveFleets.set(sum(polling.set(region, fleets))),
    subscribers: (count) => metrics.liveSubscribers.set(sum(subscribers.set(region, count))),
    interval: (seconds) => metrics.livePollInterval.set(Math.max(...intervals.set(region, seconds).values())),
    delivered: (seconds) => metrics.liveDeliveryLag.observe(seconds),
    takeover: () => metrics.liveTakeovers.inc(),
  });
}

export interface LiveMetricsObserver {
  polling(fleets: number): void;
  subscribers(count: number): void;
  interval(seconds: number): void;
  delivered(seconds: number): void;
  takeover(): void;
}
