/** Parsing of the few response headers that say how much of a log object a response holds. */
import type { IncomingHttpHeaders } from 'node:http';

export interface ContentRange {
  /** First and last byte served; `null` in a 416's `bytes *\/total`. */
  readonly range: { readonly first: number; readonly last: number } | null;
  /** Size of the whole stored object; `null` when the server sent `*`. */
  readonly total: number | null;
}

const SATISFIED = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;
const UNSATISFIED = /^bytes \*\/(\d+)$/;

export function parseContentRange(headers: IncomingHttpHeaders): ContentRange | null {
  const value = headers['content-range']?.trim();
  if (value === undefined) return null;
  const satisfied = SATISFIED.exec(value);
  if (satisfied) {
    const [, first, last, total] = satisfied;
    return {
      range: { first: Number(first), last: Number(last) },
      total: total === '*' ? null : Number(total),
    };
  }
  const unsatisfied = UNSATISFIED.exec(value);
  return unsatisfied ? { range: null, total: Number(unsatisfied[1]) } : null;
}

export function parseContentLength(headers: IncomingHttpHeaders): number | null {
  const value = headers['content-length'];
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * The object's stored content coding, lower-cased, or `null` for none (`identity`). Stacked
 * codings (`gzip, br`) are returned as sent, for the caller to refuse.
 */
export function parseContentEncoding(headers: IncomingHttpHeaders): string | null {
  const codings = (headers['content-encoding'] ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  return codings.length > 0 ? codings.join(', ') : null;
}
