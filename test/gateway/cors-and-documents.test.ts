import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { FLEETS } from '../../src/simulator/index.js';
import { perFile } from '../support/per-file.js';
import { startStack } from '../support/stack.js';

const key = newApiKey('frontend');
const APP = 'https://app.example.com';

describe('CORS', () => {
  const stack = perFile(
    () => startStack({ env: { AUTH_API_KEYS: key.entry, CORS_ORIGINS: `${APP}, https://tools.example.com` } }),
    (s) => s.close(),
  );
  const preflight = (origin: string) =>
    fetch(stack().url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key, content-type' },
    });
  const request = (origin: string, headers: Record<string, string> = { 'x-api-key': key.key }) =>
    fetch(stack().url, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

  it('answers a listed origin with itself, the allowed headers, and never *', async () => {
    const answer = await preflight(APP);
    expect(answer.status).toBeLessThan(300);
    expect(answer.headers.get('access-control-allow-origin')).toBe(APP);
    expect(answer.headers.get('access-control-allow-headers')?.split(/, */)).toEqual(expect.arrayContaining(['x-api-key', 'authorization', 'content-type']));
    expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    const served = await request(APP);
    expect(served.status).toBe(200);
    expect(served.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives any other origin no CORS headers at all, preflight or request', async () => {
    for (const origin of ['https://evil.example.com', 'https://app.example.com.evil.test', 'null']) {
      const answer = await preflight(origin);
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      const served = await request(origin);
      expect(served.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('lets a listed origin read a 401', async () => {
    const refused = await request(APP, {});
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('has no CORS headers for any origin by default', async () => {
    const plain = await startStack();
    try {
      const answer = await fetch(plain.url, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'POST' } });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await plain.close();
    }
  });
});

describe('trusted documents', () => {
  const document = `query TrustedFleet($id: String!) { fleet(fleetId: $id) { fleetId name } }`;
  const hash = createHash('sha256').update(document).digest('hex');
  const stack = perFile(
    async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'fleetgraph-')), 'persisted-documents.json');
      await writeFile(file, JSON.stringify({ [hash]: document }));
      return startStack({ env: { AUTH_DISABLED: 'true', TRUSTED_DOCUMENTS: file } });
    },
    (s) => s.close(),
  );
  const variables = { id: FLEETS.failedCreation };

  it('runs a listed document by documentId and by Apollo persisted-query hash', async () => {
    const byId = await stack().raw({ documentId: hash, variables });
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toMatchObject({ fleet: { fleetId: FLEETS.failedCreation, name: expect.any(String) } });
    const byApollo = await stack().raw({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
    expect(byApollo.data).toEqual(byId.data);
  });

  it('refuses any other document, before any upstream call', async () => {
    stack().sim.resetStats();
    const arbitrary = await stack().raw({ query: document, variables });
    expect(arbitrary.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await stack().raw({ documentId: 'a'.repeat(64), variables });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack().sim.stats().calls).toEqual({});
  });

  it('is off without TRUSTED_DOCUMENTS: any document runs', async () => {
    const plain = await startStack();
    try {
      expect((await plain.raw({ query: document, variables })).data).toMatchObject({ fleet: { fleetId: FLEETS.failedCreation } });
    } finally {
      await plain.close();
    }
  });
});
