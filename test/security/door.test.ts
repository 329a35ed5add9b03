import { describe, expect, it } from 'vitest';
import { FLEETS } from '../../src/simulator/index.js';
import { perFile } from '../support/per-file.js';
import { freePort } from '../support/ports.js';
import { attacker, headerOf, rawRequest, securedStack } from './support.js';

/** Asks for data a client must never get without credentials: names, log URLs and log text. */
const QUERY = `{ fleet(fleetId: "${FLEETS.failedCreation}") { name events(first: 3) { edges { node { preSignedLogUrl logContent } } } } }`;
const SUBSCRIPTION = `subscription { fleetEvents(fleetId: "${FLEETS.failedCreation}", since: "2020-01-01T00:00:00Z") { eventId preSignedLogUrl } }`;
const JSON_BODY = JSON.stringify({ query: QUERY });
const encodedQuery = `query=${encodeURIComponent(QUERY)}`;

type Variant = readonly [method: string, target: string, expected: number, headers?: Record<string, string>];

/**
 * Paths and methods an attacker tries to get around authentication. 404: not the API and not a
 * public page; 401: the API, which needs credentials, whatever the spelling of its path.
 */
const VARIANTS: readonly Variant[] = [
  ['POST', '/health?/graphql', 404],
  ['POST', '/metrics?/graphql', 404],
  ['POST', '/ready?x=/graphql', 404],
  ['POST', '/graphiql/x/graphql', 404],
  ['POST', '/graphiql/x?/graphql', 404],
  ['POST', '/graphiql/graphql/', 404],
  ['POST', '/health#/graphql', 404],
  ['POST', '/health;/graphql', 404],
  ['POST', '/graphql;jsessionid=1', 404],
  ['POST', '/graphql/', 404],
  ['POST', '//graphql', 404],
  ['POST', '/graphql//', 404],
  ['POST', '/%2Fgraphql', 404],
  ['POST', '/graphiql%2F..%2Fgraphql', 404],
  ['POST', '/%67raphql', 404],
  ['POST', '/GRAPHQL', 404],
  ['POST', '/GraphQL', 404],
  ['POST', '/x/../graphql', 401],
  ['POST', '/./graphql', 401],
  ['POST', '/graphiql/../graphql?x=/health', 401],
  ['POST', 'http://evil.example/graphql', 401],
  ['POST', '*', 404],
  ['PUT', '/graphql', 401],
  ['PATCH', '/graphql', 401],
  ['DELETE', '/health?/graphql', 404],
  ['PUT', '/health?/graphql', 404],
  ['PATCH', '/ready?/graphql', 404],
  ['POST', '/health', 404],
  ['POST', '/ready', 404],
  ['POST', '/metrics', 404],
  ['POST', '/graphiql/', 404],
  ['OPTIONS', '/health?/graphql', 404],
  ['GET', `/health?${encodedQuery}&x=/graphql`, 200],
  ['GET', `/metrics?${encodedQuery}&x=/graphql`, 200],
  ['GET', `/ready?${encodedQuery}&x=/graphql`, 200],
  ['GET', `/graphiql/x?${encodedQuery}&x=/graphql`, 404],
  ['GET', `/graphiql/graphql?${encodedQuery}`, 404],
  ['GET', `/nothing/graphql?${encodedQuery}`, 404],
  ['GET', `/graphql?${encodedQuery}`, 401],
  ['GET', `/graphql?${encodedQuery}`, 200, { accept: 'text/html' }],
  ['HEAD', `/graphql?${encodedQuery}`, 401],
  ['POST', '/health?/graphql', 404, { accept: 'text/event-stream' }],
  ['POST', '/graphiql/x/graphql', 404, { accept: 'text/event-stream' }],
];

describe('the door: nothing outside /graphql executes, nothing on /graphql executes without credentials', () => {
  const stack = perFile(() => securedStack(), (s) => s.close());
  const origin = () => new URL(stack().url).origin;

  const cases = VARIANTS.map(([method, target, expected, headers = {}]) => ({ method, target, expected, headers }));
  it.each(cases)('$method $target answers $expected, with no data and no GameLift call', async ({ method, target, expected, headers }) => {
    stack().sim.resetStats();
    const stream = headers.accept === 'text/event-stream';
    const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && method !== 'DELETE';
    const response = await rawRequest(
      origin(),
      {
        method,
        target,
        headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(hasBody ? { body: stream ? JSON.stringify({ query: SUBSCRIPTION }) : JSON_BODY } : {}),
      },
      stream ? 1_500 : 2_000,
    );
    expect(response.status).toBe(expected);
    expect(response.body).not.toContain('"data"');
    expect(response.body).not.toContain('X-Amz-Signature');
    expect(response.body).not.toContain('fleet-fa11ed00');
    // Give anything that did start time to reach GameLift.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stack().sim.stats()).toMatchObject({ calls: {}, logRequests: 0 });
  });

  it('has at least 30 variants, among them every spelling the issue reported', () => {
    expect(VARIANTS.length).toBeGreaterThanOrEqual(30);
  });

  it('still serves the public endpoints to GET and HEAD, and the API with credentials', async () => {
    for (const method of ['GET', 'HEAD']) {
      for (const target of ['/health', '/ready', '/metrics']) {
        expect((await rawRequest(origin(), { method, target })).status, `${method} ${target}`).toBe(200);
      }
    }
    const page = await rawRequest(origin(), { method: 'GET', target: '/graphql', headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const api = await rawRequest(origin(), {
      method: 'POST',
      target: '/graphql',
      headers: { 'content-type': 'application/json', 'x-api-key': attacker.key },
      body: JSON.stringify({ query: `{ fleet(fleetId: "${FLEETS.failedCreation}") { name } }` }),
    });
    expect(api.status).toBe(200);
    expect(api.body).toContain('"data"');
  });

  it('gives every status its standard reason phrase', async () => {
    const seen = new Map<number, string>();
    const requests: { method: string; target: string; headers?: Record<string, string>; body?: string }[] = [
      { method: 'POST', target: '/graphql', headers: { 'content-type': 'application/json' }, body: JSON_BODY },
      { method: 'GET', target: '/nowhere' },
      { method: 'GET', target: '/health' },
      { method: 'POST', target: '/graphql', headers: { 'content-type': 'application/json', 'x-api-key': attacker.key }, body: 'x'.repeat(2_000_000) },
    ];
    for (const request of requests) {
      const response = await rawRequest(origin(), request);
      seen.set(response.status, response.head.split('\r\n')[0] ?? '');
    }
    expect(Object.fromEntries(seen)).toEqual({
      401: 'HTTP/1.1 401 Unauthorized',
      404: 'HTTP/1.1 404 Not Found',
      200: 'HTTP/1.1 200 OK',
      413: 'HTTP/1.1 413 Payload Too Large',
    });
  });

  it('logs a refused path as its normalized path, with the status it got', async () => {
    const response = await rawRequest(origin(), { method: 'POST', target: '/health?/graphql', headers: { 'content-type': 'application/json' }, body: JSON_BODY });
    expect(response.status).toBe(404);
    expect(headerOf(response, 'x-request-id')).toMatch(/\S/);
    expect(JSON.parse(response.body)).toMatchObject({ errors: [{ extensions: { code: 'NOT_FOUND' } }] });
  });
});

describe('metrics on a port of their own (METRICS_PORT)', () => {
  it('serves /metrics only there, on METRICS_HOST, and not on the API port', async () => {
    const metricsPort = await freePort();
    const stack = await securedStack({ METRICS_PORT: String(metricsPort), METRICS_HOST: '127.0.0.1' });
    try {
      const api = new URL(stack.url).origin;
      expect((await rawRequest(api, { method: 'GET', target: '/metrics' })).status).toBe(404);
      const metrics = await rawRequest(`http://127.0.0.1:${metricsPort}`, { method: 'GET', target: '/metrics' });
      expect(metrics.status).toBe(200);
      expect(metrics.body).toContain('fleetgraph_graphql_requests_total');
      for (const target of ['/health', '/graphql', '/metrics/', '/metrics?/graphql']) {
        const other = await rawRequest(`http://127.0.0.1:${metricsPort}`, { method: target === '/metrics?/graphql' ? 'POST' : 'GET', target });
        expect(other.status, target).toBe(404);
      }
    } finally {
      await stack.close();
    }
  });
});

describe('CORS answers vary by Origin', () => {
  const allowed = 'https://dashboard.example';
  const stack = perFile(() => securedStack({ CORS_ORIGINS: allowed }), (s) => s.close());

  it('sends Vary: Origin with every answer that echoes an allowed origin (preflight, API, refusal)', async () => {
    const origin = new URL(stack().url).origin;
    const requests: { method: string; target: string; headers: Record<string, string>; body?: string }[] = [
      { method: 'OPTIONS', target: '/graphql', headers: { origin: allowed, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' } },
      { method: 'POST', target: '/graphql', headers: { origin: allowed, 'content-type': 'application/json', 'x-api-key': attacker.key }, body: JSON.stringify({ query: '{ __typename }' }) },
      { method: 'POST', target: '/graphql', headers: { origin: allowed, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) },
      { method: 'GET', target: '/health', headers: { origin: allowed } },
    ];
    for (const request of requests) {
      const response = await rawRequest(origin, request);
      const allowOrigin = headerOf(response, 'access-control-allow-origin');
      if (allowOrigin !== null) {
        expect(allowOrigin).toBe(allowed);
        expect(headerOf(response, 'vary') ?? '', `${request.method} ${request.target}`).toMatch(/(^|,\s*)origin(\s*,|$)/i);
      }
    }
    const preflight = await rawRequest(origin, requests[0] as { method: string; target: string; headers: Record<string, string> });
    expect(headerOf(preflight, 'access-control-allow-origin')).toBe(allowed);
  });
});
