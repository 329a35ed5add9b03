/** How long each scenario measures: the full run for RESULTS.md, or a quick smoke run. */

export interface Settings {
  readonly quick: boolean;
  /** Load before measuring, per server (JIT, connection pools, the gateway's caches of schema and plans). */
  readonly warmupMs: number;
  /** Each proxy run (A B A B), and the identical-query runs. */
  readonly proxyRunMs: number;
  /** The proxy load during which the gateway's resident memory is sampled. */
  readonly memoryLoadMs: number;
  /** The load under which the heap snapshot is taken. */
  readonly snapshotLoadMs: number;
  /** Each 50 MiB log run (Range honoured, Range ignored). */
  readonly logLoadMs: number;
  /** Each dashboards run; whole seconds, since calls are counted per 1-s window. */
  readonly dashboardSeconds: number;
  /** Gateway starts timed; the median is reported. */
  readonly startups: number;
  /** Each flood, while the victim measures; the largest log flood runs `logFloodMs`. */
  readonly floodMs: number;
  readonly logFloodMs: number;
}

export const FULL: Settings = {
  quick: false,
  warmupMs: 3_000,
  proxyRunMs: 10_000,
  memoryLoadMs: 30_000,
  snapshotLoadMs: 8_000,
  logLoadMs: 15_000,
  dashboardSeconds: 30,
  startups: 5,
  floodMs: 15_000,
  logFloodMs: 30_000,
};

/** Every run about 2 s: proves the bench works, measures nothing worth keeping. */
export const QUICK: Settings = {
  quick: true,
  warmupMs: 1_000,
  proxyRunMs: 2_000,
  memoryLoadMs: 2_000,
  snapshotLoadMs: 4_000,
  logLoadMs: 2_000,
  dashboardSeconds: 3,
  startups: 3,
  floodMs: 3_000,
  logFloodMs: 3_000,
};

/** Latency the simulator adds to every GameLift call in every scenario (a nearby Region's order). */
export const SIMULATED_LATENCY_MS = 20;

/**
 * "No budget" for scenarios that measure overhead or raw load: the highest GAMELIFT_MAX_RPS the
 * gateway accepts (config.ts refuses more than 10,000), far above any rate reached here.
 */
export const UNLIMITED_RPS = '10000';

/** Prints progress on stderr, so that stdout holds only the report. */
export const progress = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
