import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidRequest, type ApiError } from './errors.js';

/**
 * The secret is fixed, not per process: the seed data is deterministic, so a token minted by an
 * earlier simulator run still names the same position, and a restarted simulator keeps accepting
 * it. Tokens protect against client mistakes (reuse with another request, edits), not attackers.
 */
const SECRET = 'fleetgraph-simulator/next-token/v1';

/**
 * What a token is bound to: the operation and every input that shapes the result list (canonical
 * fleet id, time window, filters) — but not Limit, so clients may resume with another page size.
 */
export type TokenScope = readonly (string | number | null)[];

/** An event by its identity, which stays put wherever other events are added to the list. */
export interface EventKey {
  readonly time: number;
  readonly eventId: string;
}

const sign = (scope: TokenScope, payload: string): Buffer =>
  createHmac('sha256', SECRET).update(JSON.stringify(scope)).update('\0').update(payload).digest();

/** Also for a well-signed token that names nothing in the list (a fleet of another simulator run). */
export const invalidToken = (): ApiError =>
  invalidRequest(
    'Invalid NextToken: it is malformed, was altered, or was returned for a different request (the fleet, time window and filters must match the request that returned it).',
  );

/**
 * Opaque, HMAC-signed NextTokens that mark where the next page starts, never how long it is, so
 * the same token resumes at the same item whatever Limit comes with it. Two kinds:
 * - v1 holds an offset into the list the scope describes: for fleet lists, which only grow at the end.
 * - v2 holds the key of the last event already handed out: event lists also grow at the newest
 *   end (and by older events put in their place), which would shift any offset.
 */
export class PageTokens {
  issue(scope: TokenScope, position: number): string {
    return seal(scope, { v: 1, p: position });
  }

  /** The position a v1 token names; InvalidRequestException unless it was issued for this scope. */
  open(token: string, scope: TokenScope, maxPosition: number): number {
    const payload = unseal(token, scope);
    const position = payload?.v === 1 && isCount(payload.p) ? payload.p : undefined;
    if (position === undefined || position > maxPosition) throw invalidToken();
    return position;
  }

  issueAfter(scope: TokenScope, last: EventKey): string {
    return seal(scope, { v: 2, t: last.time, e: last.eventId });
  }

  /** The event a v2 token resumes after; InvalidRequestException unless it was issued for this scope. */
  openAfter(token: string, scope: TokenScope): EventKey {
    const payload = unseal(token, scope);
    if (payload?.v !== 2 || !isCount(payload.t) || typeof payload.e !== 'string') throw invalidToken();
    return { time: payload.t, eventId: payload.e };
  }
}

const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function seal(scope: TokenScope, content: Record<string, unknown>): string {
  const payload = Buffer.from(JSON.stringify(content)).toString('base64url');
  return `${payload}.${sign(scope, payload).toString('base64url')}`;
}

/** The token's payload if its signature matches this scope, else undefined. */
function unseal(token: string, scope: TokenScope): Readonly<Record<string, unknown>> | undefined {
  const [payload = '', signature = '', ...rest] = token.split('.');
  const expected = sign(scope, payload);
  const given = Buffer.from(signature, 'base64url');
  if (rest.length > 0 || given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof decoded === 'object' && decoded !== null && !Array.isArray(decoded) ? (decoded as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
