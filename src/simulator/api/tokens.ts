import { createHmac, timingSafeEqual } from 'node:crypto';
import { invalidRequest } from './errors.js';

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

const sign = (scope: TokenScope, payload: string): Buffer =>
  createHmac('sha256', SECRET).update(JSON.stringify(scope)).update('\0').update(payload).digest();

/**
 * Opaque, HMAC-signed NextTokens that carry a page-start position (an offset into the result list
 * the scope describes). Because the position marks where a page starts, not how long it is, the
 * same token always resumes at the same item whatever Limit comes with it.
 */
export class PageTokens {
  issue(scope: TokenScope, position: number): string {
    const payload = Buffer.from(JSON.stringify({ v: 1, p: position })).toString('base64url');
    return `${payload}.${sign(scope, payload).toString('base64url')}`;
  }

  /** The position a token names; InvalidRequestException unless it was issued for this scope. */
  open(token: string, scope: TokenScope, maxPosition: number): number {
    const [payload = '', signature = '', ...rest] = token.split('.');
    const expected = sign(scope, payload);
    const given = Buffer.from(signature, 'base64url');
    const position = rest.length === 0 && given.length === expected.length && timingSafeEqual(given, expected) ? readPosition(payload) : undefined;
    if (position === undefined || position > maxPosition) {
      throw invalidRequest(
        'Invalid NextToken: it is malformed, was altered, or was returned for a different request (the fleet, time window and filters must match the request that returned it).',
      );
    }
    return position;
  }
}

function readPosition(payload: string): number | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    if (typeof decoded !== 'object' || decoded === null || !('v' in decoded) || !('p' in decoded)) return undefined;
    return decoded.v === 1 && typeof decoded.p === 'number' && Number.isSafeInteger(decoded.p) && decoded.p >= 0 ? decoded.p : undefined;
  } catch {
    return undefined;
  }
}
