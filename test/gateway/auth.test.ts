import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { exportSPKI, importJWK, SignJWT, UnsecuredJWT } from 'jose';
import { newApiKey } from '../../src/auth/api-keys.js';
import { perFile } from '../support/per-file.js';
import { JwksServer, signingKey, token, type SigningKey } from '../support/jwks.js';
import { startStack } from '../support/stack.js';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'fleetgraph';
const ops = newApiKey('ops-dashboard');
const tools = newApiKey('release-tool');
const QUERY = '{ fleets(first: 2) { edges { node { name } } } }';

const jwks = perFile(JwksServer.start, (server) => server.close());
const stack = perFile(
  () =>
    startStack({
      env: {
        AUTH_API_KEYS: `${ops.entry}, ${tools.entry}`,
        AUTH_JWT_JWKS_URL: jwks().url,
        AUTH_JWT_ISSUER: ISSUER,
        AUTH_JWT_AUDIENCE: AUDIENCE,
      },
    }),
  (s) => s.close(),
);

let rsa: SigningKey;
let ec: SigningKey;
beforeAll(async () => {
  rsa = await signingKey('rsa-1', 'RS256');
  ec = await signingKey('ec-1', 'ES256');
  jwks().published = [rsa, ec];
});

afterEach(() => {
  vi.useRealTimers();
});

async function send(headers: Record<string, string>, init: { method?: 'GET' | 'POST'; query?: string } = {}) {
  const query = init.query ?? QUERY;
  const url = new URL(stack().url);
  const get = init.method === 'GET';
  if (get) url.searchParams.set('query', query);
  const response = await fetch(url, {
    method: get ? 'GET' : 'POST',
    headers: { accept: 'application/graphql-response+json', ...(get ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(get ? {} : { body: JSON.stringify({ query }) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] } };
}

/** Refused with 401, a challenge and UNAUTHENTICATED, and GameLift never asked. */
async function expectRefused(headers: Record<string, string>, init?: { method?: 'GET' | 'POST'; query?: string }) {
  stack().sim.resetStats();
  const response = await send(headers, init);
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toMatch(/Bearer realm="fleetgraph".*ApiKey realm="fleetgraph", header="x-api-key"/);
  expect(response.body.data).toBeUndefined();
  expect(response.body.errors).toMatchObject([{ extensions: { code: 'UNAUTHENTICATED' } }]);
  expect(stack().sim.stats()).toMatchObject({ calls: {}, logRequests: 0 });
  return response.body.errors?.[0]?.message ?? '';
}

async function expectServed(headers: Record<string, string>) {
  const response = await send(headers);
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data).toMatchObject({ fleets: { edges: [{ node: { name: expect.any(String) } }, expect.anything()] } });
}

describe('API keys', () => {
  it('serves a valid key, any of the configured ones', async () => {
    await expectServed({ 'x-api-key': ops.key });
    await expectServed({ 'x-api-key': tools.key });
  });

  it.each([
    ['missing', {}],
    ['empty', { 'x-api-key': '' }],
    ['wrong', { 'x-api-key': newApiKey('other').key }],
    ['malformed', { 'x-api-key': 'sha256:' + 'a'.repeat(64) }],
    ['too long', { 'x-api-key': 'x'.repeat(5000) }],
    ['a valid key with a character changed', { 'x-api-key': ops.key.slice(0, -1) + (ops.key.endsWith('A') ? 'B' : 'A') }],
  ])('refuses a %s key, before any upstream call', async (_name, headers) => {
    await expectRefused(headers);
  });

  it('refuses GET and introspection alike', async () => {
    await expectRefused({}, { method: 'GET' });
    await expectRefused({ 'x-api-key': 'nope' }, { query: '{ __schema { types { name } } }' });
    const allowed = await send({ 'x-api-key': ops.key }, { method: 'GET', query: '{ __schema { queryType { name } } }' });
    expect(allowed.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('does not let a valid token through next to a bad key', async () => {
    await expectRefused({ 'x-api-key': 'wrong', authorization: `Bearer ${await token(rsa)}` });
  });
});

describe('JWT', () => {
  it('serves valid RS256 and ES256 tokens', async () => {
    await expectServed({ authorization: `Bearer ${await token(rsa)}` });
    await expectServed({ authorization: `Bearer ${await token(ec)}` });
  });

  it('accepts 60 seconds of clock skew on exp and nbf', async () => {
    await expectServed({ authorization: `Bearer ${await token(rsa, { expiresIn: -50 })}` });
    await expectServed({ authorization: `Bearer ${await token(rsa, { notBeforeIn: 50 })}` });
  });

  it('refuses expired, not yet valid, wrong issuer and wrong audience tokens', async () => {
    expect(await expectRefused({ authorization: `Bearer ${await token(rsa, { expiresIn: -120 })}` })).toMatch(/expired/);
    expect(await expectRefused({ authorization: `Bearer ${await token(rsa, { notBeforeIn: 120 })}` })).toMatch(/nbf/);
    expect(await expectRefused({ authorization: `Bearer ${await token(rsa, { issuer: 'https://evil.test/' })}` })).toMatch(/iss/);
    expect(await expectRefused({ authorization: `Bearer ${await token(rsa, { audience: 'someone-else' })}` })).toMatch(/aud/);
  });

  it('refuses a token signed with another key under a published kid', async () => {
    const impostor = { ...(await signingKey('rsa-1')), kid: rsa.kid };
    expect(await expectRefused({ authorization: `Bearer ${await token(impostor)}` })).toMatch(/signature/);
  });

  it('refuses alg none and HMAC keyed with the public key', async () => {
    const unsigned = new UnsecuredJWT({ sub: 'x' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').encode();
    await expectRefused({ authorization: `Bearer ${unsigned}` });
    // The classic confusion attack: the published RSA public key (PEM) used as an HMAC secret.
    const publicPem = await exportSPKI((await importJWK(rsa.publicJwk, 'RS256', { extractable: true })) as CryptoKey);
    const secret = new TextEncoder().encode(publicPem);
    const hmac = await new SignJWT({}).setProtectedHeader({ alg: 'HS256', kid: rsa.kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('x').setExpirationTime('5m').sign(secret);
    expect(await expectRefused({ authorization: `Bearer ${hmac}` })).toMatch(/algorithm/);
  });

  it('refuses malformed and non-Bearer authorization headers', async () => {
    await expectRefused({ authorization: 'Bearer' });
    await expectRefused({ authorization: 'Bearer not.a.jwt' });
    await expectRefused({ authorization: `Basic ${Buffer.from('a:b').toString('base64')}` });
  });

  it('refetches the key set for an unknown kid at most once a minute, and picks up rotated keys', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const rotated = await signingKey('rsa-2');
    await expectServed({ authorization: `Bearer ${await token(rsa)}` });
    const before = jwks().fetches;
    // Not published yet: refused, and within the cooldown the key set is not fetched again.
    await expectRefused({ authorization: `Bearer ${await token(rotated)}` });
    await expectRefused({ authorization: `Bearer ${await token(rotated)}` });
    expect(jwks().fetches - before).toBeLessThanOrEqual(1);
    jwks().published = [rotated, ec];
    vi.setSystemTime(Date.now() + 61_000);
    await expectServed({ authorization: `Bearer ${await token(rotated)}` });
    const afterRotation = jwks().fetches;
    expect(afterRotation).toBeGreaterThan(before);
    // An unknown kid right after: refused without another fetch.
    await expectRefused({ authorization: `Bearer ${await token(await signingKey('rsa-9'))}` });
    expect(jwks().fetches).toBe(afterRotation);
    // The retired key no longer verifies.
    await expectRefused({ authorization: `Bearer ${await token(rsa)}` });
  });
});

describe('unauthenticated paths', () => {
  it('serves the GraphiQL page and /health without credentials, and nothing else', async () => {
    const base = new URL(stack().url);
    const page = await fetch(base, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    const health = await fetch(new URL('/health', base));
    expect(health.status).toBe(200);
  });
});
