import type { EnvReader } from '../env.js';
import { parseApiKeys, type ApiKeyEntry } from './api-keys.js';

export interface JwtConfig {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
}

export type AuthConfig =
  | { readonly disabled: true }
  | { readonly disabled: false; readonly apiKeys: readonly ApiKeyEntry[]; readonly jwt: JwtConfig | null };

/**
 * Reads AUTH_DISABLED, AUTH_API_KEYS and AUTH_JWT_*. Authentication is on by default: a gateway
 * with none of them configured refuses to start rather than serve the account to anyone.
 */
export function readAuthConfig(env: EnvReader): AuthConfig {
  const disabled = env.boolean('AUTH_DISABLED', false);
  const apiKeys = env.value('AUTH_API_KEYS', [], parseApiKeys);
  const jwksUrl = env.value('AUTH_JWT_JWKS_URL', null, (raw) => {
    const url = URL.canParse(raw) ? new URL(raw) : null;
    if (!url || !/^https?:$/.test(url.protocol)) throw new Error(`AUTH_JWT_JWKS_URL must be an http(s) URL, got "${raw}"`);
    return url;
  });
  const issuer = env.raw('AUTH_JWT_ISSUER');
  const audience = env.raw('AUTH_JWT_AUDIENCE');
  const anyJwtSetting = jwksUrl !== null || issuer !== undefined || audience !== undefined;
  if (disabled) {
    if (apiKeys.length > 0 || anyJwtSetting) env.problem('AUTH_DISABLED=true cannot be combined with AUTH_API_KEYS or AUTH_JWT_* settings');
    return { disabled: true };
  }
  let jwt: JwtConfig | null = null;
  if (anyJwtSetting) {
    if (jwksUrl && issuer && audience) jwt = { jwksUrl, issuer, audience };
    else env.problem('JWT authentication needs all of AUTH_JWT_JWKS_URL, AUTH_JWT_ISSUER and AUTH_JWT_AUDIENCE');
  } else if (apiKeys.length === 0 && env.raw('AUTH_API_KEYS') === undefined) {
    env.problem(
      'Authentication is not configured: set AUTH_API_KEYS and/or AUTH_JWT_JWKS_URL, AUTH_JWT_ISSUER and ' +
        'AUTH_JWT_AUDIENCE, or AUTH_DISABLED=true to serve without authentication',
    );
  }
  return { disabled: false, apiKeys, jwt };
}

/** For the start-up log: which authentication is on. */
export function describeAuth(config: AuthConfig): string {
  if (config.disabled) return 'authentication DISABLED (AUTH_DISABLED=true): every client is served';
  const methods = [
    ...(config.apiKeys.length ? [`API keys (${config.apiKeys.length})`] : []),
    ...(config.jwt ? [`JWT (issuer ${config.jwt.issuer})`] : []),
  ];
  return `authentication: ${methods.join(' and ')}`;
}
