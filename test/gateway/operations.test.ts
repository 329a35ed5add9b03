import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { FLEETS } from '../../src/simulator/index.js';
import { capturedLogs } from '../support/log-capture.js';
import { perFile } from '../support/per-file.js';
import { startStack } from '../support/stack.js';

const key = newApiKey('ops-dashboard');
const stack = perFile(() => startStack({ env: { AUTH_API_KEYS: key.entry } }), (s) => s.close());
const base = () => new URL(stack().url);

afterEach(() => {
  vi.useRealTimers();
  stack().sim.setFaults({ internalErrorEveryNth: 0, throttleEveryNth: 0, latencyMs: 0 });
});

const post = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(base(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': key.key, ...headers },
    body: JSON.stringify(body),
  });

/** Prometheus text → value of each series, by its name and labels as written. */
async function metrics(): Promise<Map<string, number>> {
  const text = await (await fetch(new URL('/metrics', base()))).text();
  const series = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_:]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (match?.[1] && match[2]) series.set(match[1], Number(match[2]));
  }
  return series;
}

function sumOf(series: Map<string, number>, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const [key, value] of series) {
    if (!key.startsWith(`${name}{`) && key !== name) continue;
    if (Object.entries(labels).every(([label, wanted]) => key.includes(`${label}="${wanted}"`))) total += value;
  }
  return total;
}

describe('readiness and liveness', () => {
  it('/ready turns 503 while GameLift fails and 200 once it recovers; /health stays 200', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const ready = async () => {
      const response = await fetch(new URL('/ready', base()));
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const health = async () => (await fetch(new URL('/health', base()))).status;
    expect(await ready()).toMatchObject({ status: 200, body: { status: 'ready', gamelift: 'ok' } });
    stack().sim.setFaults({ internalErrorEveryNth: 1 });
    // A probe result is reused for up to 5 s: until then, still ready.
    expect((await ready()).status).toBe(200);
    vi.setSystemTime(Date.now() + 5_000);
    const failing = await ready();
    expect(failing).toMatchObject({ status: 503, body: { status: 'not ready', gamelift: 'failing' } });
    expect(String(failing.body.reason)).toMatch(/UPSTREAM_UNAVAILABLE/);
    expect(await health()).toBe(200);
    stack().sim.setFaults({ internalErrorEveryNth: 0 });
    vi.setSystemTime(Date.now() + 5_000);
    expect((await ready()).status).toBe(200);
    expect(await health()).toBe(200);
  });

  it('answers the probes without credentials and without fleet data', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      const response = await fetch(new URL(path, base()));
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/fleet-[0-9a-f]{8}-/);
    }
  });
});

describe('metrics', () => {
  it('count every GameLift request, retries included, exactly as the simulator saw them', async () => {
    const before = await metrics();
    stack().sim.resetStats();
    stack().sim.setFaults({ throttleEveryNth: 3 });
    for (const fleetId of [FLEETS.bigActive, FLEETS.sparse, FLEETS.failedCreation, FLEETS.spot]) {
      const response = await post({ query: `query Page { fleet(fleetId: "${fleetId}") { name events(first: 5) { edges { cursor } } } }` });
      expect(response.status).toBe(200);
    }
    await post({ query: '{ fleets(first: 30) { edges { node { name capacity { desired } } } } }' });
    const seen = stack().sim.stats().calls;
    const after = await metrics();
    const counted = (operation: string, outcome?: string) =>
      sumOf(after, 'fleetgraph_upstream_requests_total', { operation, ...(outcome ? { outcome } : {}) }) -
      sumOf(before, 'fleetgraph_upstream_requests_total', { operation, ...(outcome ? { outcome } : {}) });
    expect(Object.keys(seen).length).toBeGreaterThanOrEqual(4);
    for (const [operation, calls] of Object.entries(seen)) expect(counted(operation), operation).toBe(calls);
    const throttled = Object.keys(seen).reduce((sum, operation) => sum + counted(operation, 'throttled'), 0);
    const total = Object.values(seen).reduce((sum, calls) => sum + calls, 0);
    expect(throttled).toBe(Math.floor(total / 3));
    expect(sumOf(after, 'fleetgraph_upstream_request_duration_seconds_count', { operation: 'DescribeFleetEvents' })).toBeGreaterThan(0);
  });

  it('count GraphQL operations by name and outcome, log fetches and bytes, and process metrics', async () => {
    const before = await metrics();
    await post({ query: `query FailedLogs { fleet(fleetId: "${FLEETS.failedCreation}") { events(first: 3) { edges { node { logContent } } } } }` });
    await post({ query: 'query Broken { fleet(fleetId: "not an id") { name } }' });
    const after = await metrics();
    const delta = (name: string, labels: Record<string, string> = {}) => sumOf(after, name, labels) - sumOf(before, name, labels);
    expect(delta('fleetgraph_graphql_requests_total', { operation_name: 'FailedLogs', outcome: 'ok' })).toBe(1);
    expect(delta('fleetgraph_graphql_requests_total', { operation_name: 'Broken', outcome: 'partial' })).toBe(1);
    expect(delta('fleetgraph_log_fetches_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(delta('fleetgraph_log_bytes_total')).toBeGreaterThan(0);
    expect(after.get('process_resident_memory_bytes')).toBeGreaterThan(0);
    const text = await (await fetch(new URL('/metrics', base()))).text();
    expect(text).not.toMatch(/fleet-[0-9a-f]{8}-|fg_|sha256:/);
  });
});

describe('request ids and the access log', () => {
  it('puts a request id on every kind of response and in every error', async () => {
    const answers = [
      await post({ query: '{ __typename }' }),
      await post({ query: '{ fleet(fleetId: "bad") { name } }' }),
      await post({ query: '{ nope }' }),
      await post({ query: '{ __typename }' }, { 'x-api-key': 'wrong' }),
      await fetch(base(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key.key }, body: 'x'.repeat(2_000_000) }),
      await fetch(new URL('/health', base())),
      await fetch(new URL('/metrics', base())),
      await fetch(new URL('/nowhere', base())),
      await fetch(base(), { headers: { accept: 'text/html' } }),
    ];
    for (const answer of answers) {
      const id = answer.headers.get('x-request-id');
      expect(`${answer.status} ${id}`).toMatch(/^\d+ [0-9a-f-]{36}$/);
      if (answer.headers.get('content-type')?.includes('json')) {
        const body = (await answer.json()) as { errors?: { extensions?: { requestId?: string } }[] };
        for (const error of body.errors ?? []) expect(error.extensions?.requestId).toBe(id);
      }
    }
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 401, 413, 200, 200, 404, 200]);
  });

  it('reuses a valid incoming request id and replaces an invalid one', async () => {
    const mine = await post({ query: '{ __typename }' }, { 'x-request-id': 'trace-abc.123' });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc.123');
    const invalid = await post({ query: '{ __typename }' }, { 'x-request-id': 'has spaces and "quotes"' });
    expect(invalid.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes one JSON line per request with the promised fields, naming the client but never its key', async () => {
    const answer = await post({ query: `query OneFleet { fleet(fleetId: "${FLEETS.sparse}") { name events(first: 2) { edges { cursor } } } }` });
    const id = answer.headers.get('x-request-id');
    const line = capturedLogs().find((entry) => entry.reqId === id);
    expect(line).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'OneFleet',
      upstreamRequests: 2,
      client: 'ops-dashboard',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(capturedLogs().filter((entry) => entry.reqId === id)).toHaveLength(1);
    const refused = await post({ query: '{ __typename }' }, { 'x-api-key': key.key.slice(0, -2) });
    const refusedLine = capturedLogs().find((entry) => entry.reqId === refused.headers.get('x-request-id'));
    expect(refusedLine).toMatchObject({ status: 401, client: null, upstreamRequests: 0 });
  });
});

describe('compression', () => {
  it('compresses responses over 1 KiB as the client accepts, decoding to the same JSON', async () => {
    const query = { query: '{ fleets(first: 100) { edges { node { fleetId name status instanceType } } } }' };
    const plain = await post(query, { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const expected = await plain.json();
    for (const [encoding, decode] of [
      ['gzip', gunzipSync],
      ['br', brotliDecompressSync],
    ] as const) {
      const raw = await rawPost(query, encoding);
      expect(raw.encoding).toBe(encoding);
      const decoded = decode(raw.body);
      expect(decoded.length).toBeGreaterThan(raw.body.length * 3);
      expect(JSON.parse(decoded.toString('utf8'))).toEqual(expected);
    }
    const small = await rawPost({ query: '{ __typename }' }, 'gzip');
    expect(small.encoding).toBeNull();
  });
});

/** POST without the client decoding for us: what went over the wire. */
async function rawPost(body: unknown, acceptEncoding: string): Promise<{ encoding: string | null; body: Buffer }> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(base(), { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key.key, 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ encoding: (res.headers['content-encoding'] as string | undefined) ?? null, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
