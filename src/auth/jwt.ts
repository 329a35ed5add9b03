import { createRemoteJWKSet, jwtVerify } from 'jose';
import type { JwtConfig } from './config.js';

/** Asymmetric only: `none` and HMAC (which a public key could forge) are refused. */
const ALGORITHMS = ['RS256', 'ES256'];
/** Seconds of clock skew tolerated on `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** An unknown `kid` refetches the key set, but not more often than this. */
const JWKS_REFETCH_COOLDOWN_MS = 60_000;
const JWKS_CACHE_MAX_AGE_MS = 10 * 60_000;
const JWKS_TIMEOUT_MS = 5_000;

/** Verifies bearer tokens against the identity provider's published keys (fetched and cached). */
export class JwtVerifier {
  private readonly keys: ReturnType<typeof createRemoteJWKSet>;

  constructor(private readonly config: JwtConfig) {
    this.keys = createRemoteJWKSet(config.jwksUrl, {
      cooldownDuration: JWKS_REFETCH_COOLDOWN_MS,
      cacheMaxAge: JWKS_CACHE_MAX_AGE_MS,
      timeoutDuration: JWKS_TIMEOUT_MS,
    });
  }

  /** The token's subject; throws (jose's errors) when it is not valid here and now. */
  async subject(token: string): Promise<string> {
    const { payload } = await jwtVerify(token, this.keys, {
      issuer: this.config.issuer,
      audience: this.config.audience,
      algorithms: ALGORITHMS,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ['exp'],
    });
    return payload.sub ?? 'unnamed-subject';
  }
}
