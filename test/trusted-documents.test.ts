/**
 * Trusted documents from the real tools: GraphQL Code Generator's client preset writes the
 * manifest (`persistedDocuments: { hashAlgorithm: 'sha256' }`, with __typename added for Apollo
 * Client's cache) from the project's own operation documents, the gateway runs with it, and
 * requests come the ways real clients send them: the GraphQL-over-HTTP `documentId` by POST and
 * GET, and Apollo Client's persisted-query link configured as docs/clients.md recommends.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { createPersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { generate } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import type { DocumentNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../src/auth/api-keys.js';
import { FLEETS } from '../src/simulator/index.js';
import { startStack, type Stack } from './support/stack.js';

const out = mkdtempSync(join(tmpdir(), 'fleetgraph-client-preset-'));
const key = newApiKey('web-app');
let stack: Stack;
let manifest: Record<string, string>;
/** The client preset's documents carry their manifest id in `__meta__.hash`. */
let FleetDocument: DocumentNode & { __meta__?: { hash: string } };

beforeAll(async () => {
  await generate(
    {
      schema: 'schema/schema.graphql',
      documents: ['test/operations/**/*.graphql'],
      generates: {
        [`${out}/`]: {
          preset: 'client',
          presetConfig: { persistedDocuments: { hashAlgorithm: 'sha256' } },
          // Apollo Client's cache asks for __typename everywhere: in the documents themselves, its own transform changes nothing (and keeps __meta__).
          documentTransforms: [addTypenameSelectionDocumentTransform],
        },
      },
      silent: true,
    },
    true,
  );
  manifest = JSON.parse(readFileSync(join(out, 'persisted-documents.json'), 'utf8')) as Record<string, string>;
  ({ FleetDocument } = (await import(join(out, 'graphql.ts'))) as { FleetDocument: typeof FleetDocument });
  stack = await startStack({ env: { AUTH_API_KEYS: key.entry, TRUSTED_DOCUMENTS: join(out, 'persisted-documents.json') } });
}, 60_000);

afterAll(async () => {
  await stack?.close();
  rmSync(out, { recursive: true, force: true });
});

const send = (init: RequestInit & { search?: string }) =>
  fetch(`${stack.url}${init.search ?? ''}`, { ...init, headers: { 'x-api-key': key.key, 'content-type': 'application/json', ...init.headers } }).then(
    async (response) => ({ status: response.status, body: (await response.json()) as { data?: { fleet?: { name: string } }; errors?: { extensions?: { code?: string } }[] } }),
  );

describe('trusted documents written by the client preset', () => {
  const variables = { fleetId: FLEETS.failedCreation };

  it('starts with the manifest as the client preset writes it (sha256:<hex> keys)', () => {
    const id = FleetDocument.__meta__?.hash ?? '';
    expect(id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(manifest[id]).toContain('query Fleet(');
  });

  it('runs a document named by documentId, with or without the sha256: prefix, by POST', async () => {
    const id = FleetDocument.__meta__?.hash ?? '';
    for (const documentId of [id, id.replace('sha256:', '')]) {
      const { status, body } = await send({ method: 'POST', body: JSON.stringify({ documentId, variables }) });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data?.fleet?.name).toEqual(expect.any(String));
    }
  });

  it('runs a query named by documentId over GET, as the GraphQL-over-HTTP persisted documents convention has it', async () => {
    const search = `?documentId=${encodeURIComponent(FleetDocument.__meta__?.hash ?? '')}&variables=${encodeURIComponent(JSON.stringify(variables))}`;
    const { status, body } = await send({ method: 'GET', search, headers: { accept: 'application/graphql-response+json' } });
    expect(status).toBe(200);
    expect(body.data?.fleet?.name).toEqual(expect.any(String));
  });

  it('serves Apollo Client with the persisted-query link hashing by the preset (generateHash: doc.__meta__.hash), and refuses it without', async () => {
    const apollo = (generateHash: (document: DocumentNode) => string | Promise<string>) =>
      new ApolloClient({
        cache: new InMemoryCache(),
        link: createPersistedQueryLink({ generateHash }).concat(new HttpLink({ uri: stack.url, headers: { 'x-api-key': key.key } })),
      });
    const recommended = apollo((document) => (document as typeof FleetDocument).__meta__?.hash ?? '');
    const { data } = await recommended.query({ query: FleetDocument, variables });
    expect((data as { fleet: { name: string } }).fleet.name).toEqual(expect.any(String));
    // Apollo's own hash of its own printing of the document names nothing in the manifest.
    const ownHash = apollo(async () => 'f'.repeat(64));
    await expect(ownHash.query({ query: FleetDocument, variables })).rejects.toThrow(/trusted documents only/);
  });

  it('refuses any document not in the manifest, and arbitrary text, before any GameLift call', async () => {
    stack.sim.resetStats();
    const other = await send({ method: 'POST', body: JSON.stringify({ query: '{ fleets(first: 1) { edges { node { name } } } }' }) });
    expect(other.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_ONLY');
    const unknown = await send({ method: 'POST', body: JSON.stringify({ documentId: `sha256:${'0'.repeat(64)}` }) });
    expect(unknown.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(stack.sim.stats().calls).toEqual({});
  });
});
