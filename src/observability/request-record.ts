import { randomUUID } from 'node:crypto';
import type { UpstreamTally } from '../gamelift/upstream/upstream.js';

/** What the access log and the response need to know about one HTTP request. */
export interface RequestRecord {
  readonly id: string;
  readonly startedAt: number;
  readonly tally: UpstreamTally & { logFetches: number };
  operationName?: string;
  /** The operation's estimated upstream requests (MAX_QUERY_COST's measure), once estimated. */
  cost?: number;
  /** Whether the whole answer came from the response cache (RESPONSE_CACHE_TTL_MS), when it was looked up. */
  responseCache?: 'hit' | 'miss';
}

/** A client's own request id is kept when it is a plain token, so that its logs and ours line up. */
const VALID_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

const records = new WeakMap<Request, RequestRecord>();

/** The client's request id when it is a plain token, else a new one. */
export function requestIdFrom(incoming: string | null | undefined): string {
  return typeof incoming === 'string' && VALID_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

export function startRecord(request: Request): RequestRecord {
  const record: RequestRecord = {
    id: requestIdFrom(request.headers.get('x-request-id')),
    startedAt: performance.now(),
    tally: { gameliftRequests: 0, logFetches: 0 },
  };
  records.set(request, record);
  return record;
}

export function recordOf(request: Request): RequestRecord | undefined {
  return records.get(request);
}
