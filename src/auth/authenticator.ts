import { apiKeyOwner } from './api-keys.js';
import type { AuthConfig } from './config.js';
import type { JwtVerifier } from './jwt.js';

/** Who a request is for: named in access logs and metrics-free places, used for fair queueing. */
export interface Caller {
  /** The API key entry's name, the JWT `sub`, or `anonymous` with authentication off. */
  readonly name: string;
  readonly method: 'api-key' | 'jwt' | 'none';
}

/** What a client presented: the `x-api-key` header, and the `Authorization` header. */
export interface Credentials {
  readonly apiKey: string | null;
  readonly authorization: string | null;
}

export type AuthResult =
  | { readonly ok: true; readonly caller: Caller }
  | { readonly ok: false; readonly message: string; readonly challenge: string };

/** Who a request is for with authentication off (or before it ran). */
export const ANONYMOUS: Caller = { name: 'anonymous', method: 'none' };
const REALM = 'fleetgraph';

/** Decides who a request is for, before anything else happens for it. */
export class Authenticator {
  /** jose loads only for a deployment that accepts bearer tokens. */
  private readonly jwt: Promise<JwtVerifier> | null;

  constructor(private readonly config: AuthConfig) {
    const jwtConfig = !config.disabled ? config.jwt : null;
    this.jwt = jwtConfig ? import('./jwt.js').then(({ JwtVerifier }) => new JwtVerifier(jwtConfig)) : null;
  }

  async authenticate({ apiKey, authorization }: Credentials): Promise<AuthResult> {
    if (this.config.disabled) return { ok: true, caller: ANONYMOUS };
    // A key, when sent, decides alone: a client never gets in on one credential while sending a bad other.
    if (apiKey !== null) {
      const owner = this.config.apiKeys.length ? apiKeyOwner(this.config.apiKeys, apiKey.trim()) : null;
      return owner !== null ? { ok: true, caller: { name: owner, method: 'api-key' } } : this.refuse('The API key is not valid.');
    }
    if (authorization !== null) {
      const token = /^Bearer +([A-Za-z0-9_.~+/=-]+)$/i.exec(authorization.trim())?.[1];
      if (!token) return this.refuse('The Authorization header must be "Bearer <token>".', 'invalid_request');
      if (!this.jwt) return this.refuse('Bearer tokens are not accepted here.', 'invalid_token');
      try {
        return { ok: true, caller: { name: await (await this.jwt).subject(token), method: 'jwt' } };
      } catch (error) {
        return this.refuse(`The bearer token is not valid: ${reasonOf(error)}.`, 'invalid_token');
      }
    }
    return this.refuse('Authentication required: send an x-api-key header or an Authorization: Bearer token.');
  }

  private refuse(message: string, bearerError?: 'invalid_request' | 'invalid_token'): AuthResult {
    if (this.config.disabled) throw new Error('refusing with authentication disabled');
    const challenges = [
      ...(this.config.jwt ? [`Bearer realm="${REALM}"${bearerError ? `, error="${bearerError}"` : ''}`] : []),
      ...(this.config.apiKeys.length ? [`ApiKey realm="${REALM}", header="x-api-key"`] : []),
    ];
    return { ok: false, message, challenge: challenges.join(', ') };
  }
}

/** jose's error codes, in words a client can act on; never the token itself. */
function reasonOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'it has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      return `claim check failed (${error instanceof Error ? error.message : 'claim'})`;
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'no key of the issuer matches its kid';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'its signature does not verify';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'its algorithm is not accepted (RS256 or ES256 only)';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      return 'it is malformed';
    case 'ERR_JWKS_TIMEOUT':
    case 'ERR_JOSE_GENERIC':
      return 'the issuer keys could not be fetched';
    default:
      return 'it could not be verified';
  }
}
