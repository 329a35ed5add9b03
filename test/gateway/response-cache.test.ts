/**
 * The response cache (RESPONSE_CACHE_TTL_MS): whole answers of identical queries, over HTTP, with
 * the GameLift cache at its defaults as a deployment has it. What GameLift sees is the simulator's
 * own count; hits and misses are the gateway's /metrics.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { FLEETS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { RedisServer, redisRunnable } from '../support/redis.js';
import { withStack, type Stack } from '../support/stack.js';

/** The GameLift cache as deployed (the test stack turns it off unless asked). */
const DEFAULT_TTLS = { CACHE_TTL_FLEETS_MS: '5000', CACHE_TTL_NEWEST_EVENTS_MS: '1000', CACHE_TTL_OLDER_EVENTS_MS: '60000' };

const DASHBOARD = `query Dashboard($first: Int!) {
  fleets(first: $first) { edges { node { fleetId name status events(first: 3) { edges { node { eventId eventCode message eventTime } } } } } }
}`;

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly headers: Headers;
}

async function post(url: string, body: object, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.text(), headers: response.headers };
}

async function lookups(url: string): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const count = (result: string) => Number(new RegExp(`^fleetgraph_response_cache_total\\{result="${result}"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { hit: count('hit'), miss: count('miss') };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stack with the GameLift cache as deployed, `env` on top. */
const withTtls = <T>(env: Record<string, string>, body: (stack: Stack) => Promise<T>, sharedSimulator?: Simulator): Promise<T> =>
  withStack({ env: { ...DEFAULT_TTLS, ...env }, ...(sharedSimulator ? { sharedSimulator } : {}) }, body);

describe('identical queries', () => {
  it('are stored from their second request, answered from the cache byte for byte, without GameLift, and equal a fresh execution of the same moment', async () => {
    await withTtls({}, async (stack) => {
      const once = await post(stack.url, { query: DASHBOARD, variables: { first: 5 } });
      // Asked once: not stored (a load of queries that never repeat stores nothing).
      expect(once.headers.get('etag')).toBeNull();
      const first = await post(stack.url, { query: DASHBOARD, variables: { first: 5 } });
      expect(first.status).toBe(200);
      expect(JSON.parse(first.body)).not.toHaveProperty('errors');
      expect(first.headers.get('etag')).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
      stack.sim.resetStats();
      const again = await post(stack.url, { query: DASHBOARD, variables: { first: 5 } });
      // The same document with other whitespace is another entry: executed, from the GameLift cache.
      const fresh = await post(stack.url, { query: `${DASHBOARD}\n`, variables: { first: 5 } });
      expect(again.body).toBe(first.body);
      expect(fresh.body).toBe(first.body);
      expect(stack.sim.stats().calls).toEqual({});
      expect(again.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
      expect(fresh.headers.get('etag')).toBeNull();
      expect(await lookups(stack.url)).toEqual({ hit: 1, miss: 3 });
    });
  });

  it('with other variables are other answers', async () => {
    await withTtls({}, async (stack) => {
      const query = 'query One($id: String!) { fleet(fleetId: $id) { fleetId name } }';
      for (const round of [1, 2, 3]) {
        for (const id of [FLEETS.bigActive, FLEETS.sparse, FLEETS.pageBoundary]) {
          const answer = JSON.parse((await post(stack.url, { query, variables: { id } })).body) as { data: { fleet: { fleetId: string } } };
          expect(answer.data.fleet.fleetId, `round ${round}`).toBe(id);
        }
      }
      expect(await lookups(stack.url)).toEqual({ hit: 3, miss: 6 });
    });
  });

  it('never outlive the GameLift answers they were built from', async () => {
    // GameLift's newest events are reused 2 s; an answer built from them 1 s later lives only the 1 s left.
    await withTtls({ CACHE_TTL_NEWEST_EVENTS_MS: '2000', RESPONSE_CACHE_TTL_MS: '2000' }, async (stack) => {
      const created = stack.sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
      const newest = (alias: string) => `{ fleet(fleetId: "${created.fleetId}") { ${alias}: events(first: 1) { edges { node { eventId } } } } }`;
      const newestId = async (alias: string) => {
        const answer = JSON.parse((await post(stack.url, { query: newest(alias) })).body) as { data: { fleet: Record<string, { edges: { node: { eventId: string } }[] }> } };
        return answer.data.fleet[alias]?.edges[0]?.node.eventId;
      };
      const started = Date.now();
      const before = await newestId('a');
      await sleep(1000 - (Date.now() - started));
      // Asked twice: the second answer is stored, built from the GameLift answer of 1 s ago.
      expect(await newestId('b')).toBe(before);
      expect(await newestId('b')).toBe(before);
      const [appended] = stack.sim.appendEvents(created.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'scaled to 3' }]);
      // Past the GameLift answer's 2 s, well before 2 s after the second answer was built.
      await sleep(2300 - (Date.now() - started));
      expect(await newestId('b')).toBe(appended?.EventId);
    });
  });

  it('are not cached when they select log URLs or log content, fail, or RESPONSE_CACHE_TTL_MS is 0', async () => {
    await withTtls({}, async (stack) => {
      const logs = [
        `{ fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 5) { edges { node { eventId preSignedLogUrl } } } } }`,
        `{ fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 5) { edges { node { eventId logContent } } } } }`,
        `{ fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 5) { edges { node { log(tail: true, lines: 5) { content } } } } } }`,
        `{ fleet(fleetId: "${FLEETS.failedCreation}") { diagnosis { logTail } } }`,
        '{ fleet(fleetId: "fleet-00000000-0000-4000-8000-00000000dead") { name } }',
      ];
      for (const query of logs) {
        for (const _round of [1, 2]) expect((await post(stack.url, { query })).status).toBe(200);
      }
      expect(await lookups(stack.url)).toEqual({ hit: 0, miss: 2 * logs.length });
    });
    await withTtls({ RESPONSE_CACHE_TTL_MS: '0' }, async (stack) => {
      await post(stack.url, { query: DASHBOARD, variables: { first: 2 } });
      stack.sim.resetStats();
      await post(stack.url, { query: DASHBOARD, variables: { first: 2 } });
      expect(await lookups(stack.url)).toEqual({ hit: 0, miss: 0 });
      // Executed again: the GameLift cache answers the fleets, the newest events' TTL (1 s) may have run out.
      expect(Object.keys(stack.sim.stats().calls).filter((operation) => operation !== 'DescribeFleetEvents')).toEqual([]);
    });
  });
});

describe('the cache is behind the door', () => {
  const key = newApiKey('dashboard');

  it('answers no one without credentials, not even a conditional request', async () => {
    await withTtls({ AUTH_API_KEYS: key.entry }, async (stack) => {
      const body = { query: DASHBOARD, variables: { first: 2 } };
      await post(stack.url, body, { 'x-api-key': key.key });
      const first = await post(stack.url, body, { 'x-api-key': key.key });
      const etag = first.headers.get('etag');
      expect(etag).toBeTruthy();
      const anonymous = await post(stack.url, body);
      expect(anonymous.status).toBe(401);
      expect(anonymous.body).not.toContain('fleetId');
      expect((await post(stack.url, body, { 'if-none-match': etag as string })).status).toBe(401);
      const conditional = await post(stack.url, body, { 'x-api-key': key.key, 'if-none-match': etag as string });
      expect(conditional.status).toBe(304);
      expect(conditional.body).toBe('');
      // A weak tag names the same entry; 250 tags that are not entries (what fits in Node's 16 KiB of headers) cost a normal answer.
      expect((await post(stack.url, body, { 'x-api-key': key.key, 'if-none-match': `W/${etag as string}` })).status).toBe(304);
      const junk = Array.from({ length: 250 }, (_, i) => `"${String(i).padStart(43, 'x')}"`).join(', ');
      const flooded = await post(stack.url, body, { 'x-api-key': key.key, 'if-none-match': junk });
      expect(flooded.status).toBe(200);
      expect(flooded.body).toBe(first.body);
      const cached = await post(stack.url, body, { 'x-api-key': key.key });
      expect(cached.body).toBe(first.body);
      // The same operation by GET: the same entry, behind the same door.
      const search = `?query=${encodeURIComponent(body.query)}&variables=${encodeURIComponent(JSON.stringify(body.variables))}`;
      const get = (headers: Record<string, string>) => fetch(`${stack.url}${search}`, { headers: { accept: 'application/graphql-response+json', ...headers } });
      const anonymousGet = await get({});
      expect(anonymousGet.status).toBe(401);
      expect(await anonymousGet.text()).not.toContain('fleetId');
      const hits = (await lookups(stack.url)).hit;
      const byGet = await get({ 'x-api-key': key.key });
      expect(await byGet.text()).toBe(first.body);
      expect((await lookups(stack.url)).hit).toBe(hits + 1);
    });
  });

  it('keys trusted documents by the document their id names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-response-cache-'));
    try {
      const documents = ['{ fleets(first: 1) { edges { node { fleetId } } } }', '{ fleets(first: 2) { edges { node { name } } } }'];
      const manifest = Object.fromEntries(documents.map((text) => [createHash('sha256').update(text).digest('hex'), text]));
      writeFileSync(join(dir, 'documents.json'), JSON.stringify(manifest));
      await withTtls({ AUTH_API_KEYS: key.entry, TRUSTED_DOCUMENTS: join(dir, 'documents.json') }, async (stack) => {
        const answers = new Map<string, string>();
        for (const _round of [1, 2, 3]) {
          for (const [hash, text] of Object.entries(manifest)) {
            const answer = await post(stack.url, { documentId: `sha256:${hash}` }, { 'x-api-key': key.key });
            expect(answer.status).toBe(200);
            expect(answer.body).toContain(text.includes('name') ? '"name"' : '"fleetId"');
            expect(answers.get(hash) ?? answer.body).toBe(answer.body);
            answers.set(hash, answer.body);
          }
        }
        expect(await lookups(stack.url)).toEqual({ hit: 2, miss: 4 });
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.runIf(redisRunnable)('with REDIS_URL', () => {
  let redis: RedisServer;
  let sim: Simulator;

  beforeAll(async () => {
    redis = await RedisServer.start();
    sim = await startSimulator();
  });

  afterAll(async () => {
    await redis?.kill();
    await sim?.close();
  });

  it('one replica answers from what another cached, byte for byte', async () => {
    await withTtls(
      { REDIS_URL: redis.url },
      (a) =>
        withTtls(
          { REDIS_URL: redis.url },
          async (b) => {
            await post(a.url, { query: DASHBOARD, variables: { first: 4 } });
            const first = await post(a.url, { query: DASHBOARD, variables: { first: 4 } });
            sim.resetStats();
            const other = await post(b.url, { query: DASHBOARD, variables: { first: 4 } });
            expect(other.body).toBe(first.body);
            expect(sim.stats().calls).toEqual({});
            expect(await lookups(b.url)).toEqual({ hit: 1, miss: 0 });
          },
          sim,
        ),
      sim,
    );
  });
});
