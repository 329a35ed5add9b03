/** What the load generator is asked to do and what it reports (shared by both processes). */

export interface LoadSpec {
  /** POST target on loopback. */
  readonly url: string;
  /** Keep-alive connections, each with one request in flight at a time. */
  readonly connections: number;
  /** Requests start until this has passed; the ones in flight then still complete and count. */
  readonly durationMs: number;
  readonly body: BodySpec;
  /**
   * Polling clients: each connection sends once per interval (starts spread evenly over the first
   * interval) instead of back to back. A poll still running at its next tick skips that tick.
   */
  readonly intervalMs?: number;
}

export interface BodySpec {
  /** JSON text sent as is, or with `walk.placeholder` replaced. */
  readonly template: string;
  /**
   * A distinct timestamp per request, so that no cache or coalescing can answer for the work:
   * request i of the run gets `fromMs − i·stepMs` as an ISO string in place of the placeholder.
   */
  readonly walk?: { readonly placeholder: string; readonly fromMs: number; readonly stepMs: number };
}

export interface LoadResult {
  /** Completed requests, failed ones included. */
  readonly completed: number;
  /** Non-200 answers, answers with GraphQL `errors`, and transport errors. */
  readonly failed: number;
  /** Failures by GraphQL error code, `HTTP <status>` or transport error code. */
  readonly failures: Readonly<Record<string, number>>;
  readonly firstFailure: string | null;
  /** From the first request's start to the last one's end. */
  readonly elapsedMs: number;
  /** Epoch ms at which the first request started. */
  readonly startedAt: number;
  /** Per request, in completion order. */
  readonly latenciesMs: Float64Array;
  /** Polling only: ticks skipped because that client's previous poll was still running. */
  readonly skippedTicks: number;
  /** The loader's own CPU use over the run, in cores (1 = one core busy all the time). */
  readonly loaderCores: number;
  /** Share of the run the loader's event loop was busy: near 1 means the loader is the limit. */
  readonly loaderLoopBusy: number;
}

/** The request body of request `index` in a run. */
export function bodyAt(spec: BodySpec, index: number): string {
  const { walk } = spec;
  if (!walk) return spec.template;
  return spec.template.replaceAll(walk.placeholder, new Date(walk.fromMs - index * walk.stepMs).toISOString());
}
