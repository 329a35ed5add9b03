/** Quantiles, rates over time windows and number formatting for the report. */

/** The q-quantile (0..1) of `sorted` (ascending), nearest rank; NaN for no samples. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? NaN;
}

/** A sorted copy, for quantiles over one or several runs' samples. */
export function sortedSamples(...runs: readonly ArrayLike<number>[]): Float64Array {
  const all = new Float64Array(runs.reduce((sum, run) => sum + run.length, 0));
  let offset = 0;
  for (const run of runs) {
    all.set(run, offset);
    offset += run.length;
  }
  return all.sort();
}

export interface WindowRates {
  /** Events per second over the whole span. */
  readonly mean: number;
  /** Most events in one of the consecutive 1-s windows from `from`. */
  readonly maxFixed: number;
  /** Most events in any 1-s window (sliding): what a budget over "any one second" must bound. */
  readonly maxSliding: number;
}

/** Rates of timestamped events (epoch ms, ascending) over [from, from + seconds·1000). */
export function windowRates(times: readonly number[], from: number, seconds: number): WindowRates {
  const inSpan = times.filter((t) => t >= from && t < from + seconds * 1000);
  const perWindow = new Array<number>(seconds).fill(0);
  for (const t of inSpan) perWindow[Math.floor((t - from) / 1000)]! += 1;
  let maxSliding = 0;
  let start = 0;
  for (let end = 0; end < inSpan.length; end++) {
    while (inSpan[end]! - inSpan[start]! >= 1000) start++;
    maxSliding = Math.max(maxSliding, end - start + 1);
  }
  return { mean: inSpan.length / seconds, maxFixed: Math.max(0, ...perWindow), maxSliding };
}

export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const whole = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
export const mib = (bytes: number): string => fixed(bytes / 1024 / 1024);
export const percent = (share: number): string => `${fixed(share * 100, 0)}%`;
export const ratio = (n: number): string => `${fixed(n, 2)}×`;
