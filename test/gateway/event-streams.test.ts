/**
 * Subscriptions over Server-Sent Events are served straight on Node's response (a tenth of the
 * memory of yoga's own streams: bench live-memory). What a client sees must not change: the same
 * head, request id, CORS headers and events, the same access-log line, and for everything that
 * is not a plain subscription (bad input, queries, refusals) yoga's own answer, byte for byte.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { capturedLogs } from '../support/log-capture.js';
import { perFile } from '../support/per-file.js';
import { startStack } from '../support/stack.js';

const key = newApiKey('dashboard');
const ORIGIN = 'https://dashboard.example.com';
const stack = perFile(
  () => startStack({ env: { AUTH_API_KEYS: key.entry, CORS_ORIGINS: ORIGIN, LIVE_POLL_INTERVAL_MS: '200' } }),
  (s) => s.close(),
);

interface Exchange {
  readonly status: number;
  readonly headers: Headers;
  /** The body as far as it came within `ms` (a stream is cut there). */
  readonly text: string;
}

async function exchange(init: { method?: string; headers?: Record<string, string>; body?: string; search?: string }, ms = 600): Promise<Exchange> {
  const abort = new AbortController();
  const url = `${stack().url}${init.search ?? ''}`;
  const response = await fetch(url, {
    method: init.method ?? 'POST',
    headers: { 'x-api-key': key.key, ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body }),
    signal: abort.signal,
  });
  let text = '';
  const timer = setTimeout(() => abort.abort(), ms);
  try {
    const decoder = new TextDecoder();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) text += decoder.decode(chunk, { stream: true });
  } catch {
    // Cut by the abort: a stream that is still open.
  } finally {
    clearTimeout(timer);
  }
  return { status: response.status, headers: response.headers, text };
}

const sse = { accept: 'text/event-stream', 'content-type': 'application/json' };
const subscription = (fleetId: string) => `subscription Watch { fleetEvents(fleetId: "${fleetId}") { eventId eventCode } }`;
/** The text with request ids made equal, to compare two answers to the same request. */
const sameIds = (text: string) => text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>');

describe('GraphQL over SSE, served directly', () => {
  it('streams a subscription with yoga head, the client request id, CORS for a listed origin, and an access-log line', async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const pending = exchange({ headers: { ...sse, origin: ORIGIN, 'x-request-id': 'dash-42' }, body: JSON.stringify({ query: subscription(fleet.fleetId) }) }, 1_500);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [appended] = stack().sim.appendEvents(fleet.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'desired 2' }]);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(Object.fromEntries([...answer.headers].filter(([name]) => name !== 'date' && name !== 'keep-alive'))).toEqual({
      'access-control-allow-headers': 'x-api-key, authorization, content-type, x-request-id',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-origin': ORIGIN,
      'access-control-expose-headers': 'x-request-id',
      'access-control-max-age': '600',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'content-encoding': 'none',
      'content-type': 'text/event-stream',
      'transfer-encoding': 'chunked',
      vary: 'Origin',
      'x-request-id': 'dash-42',
    });
    // Exactly this: yoga's own streams, under vitest's NODE_ENV=test, would also carry a ping every 300 ms.
    expect(answer.text).toBe(`:\n\nevent: next\ndata: ${JSON.stringify({ data: { fleetEvents: { eventId: appended?.EventId, eventCode: 'FLEET_SCALING_EVENT' } } })}\n\n`);
    await expect.poll(() => capturedLogs().find((line) => line.reqId === 'dash-42')).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Watch',
      client: 'dashboard',
    });
  });

  it('streams over GET, and gives an unlisted origin no CORS headers', async () => {
    const fleetId = stack().sim.data.fleets[0]?.attributes.FleetId ?? '';
    const answer = await exchange({ method: 'GET', headers: { accept: 'text/event-stream', origin: 'https://elsewhere.example' }, search: `?query=${encodeURIComponent(subscription(fleetId))}` });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    expect(answer.text.startsWith(':\n\n')).toBe(true);
  });

  it('leaves everything else to yoga, which answers as it always did (twice the same, so nothing it caches is changed)', async () => {
    const fleetId = stack().sim.data.fleets[0]?.attributes.FleetId ?? '';
    const cases: { name: string; request: Parameters<typeof exchange>[0]; expected: RegExp }[] = [
      { name: 'no credentials', request: { headers: { ...sse, 'x-api-key': 'fg_wrong' }, body: JSON.stringify({ query: subscription(fleetId) }) }, expected: /UNAUTHENTICATED/ },
      { name: 'invalid JSON', request: { headers: sse, body: '{bad' }, expected: /BAD_REQUEST/ },
      { name: 'empty body', request: { headers: sse, body: '' }, expected: /BAD_REQUEST/ },
      { name: 'a syntax error', request: { headers: sse, body: JSON.stringify({ query: 'subscription {' }) }, expected: /GRAPHQL_PARSE_FAILED/ },
      { name: 'too many tokens', request: { headers: sse, body: JSON.stringify({ query: `subscription { ${'__typename '.repeat(6000)} }` }) }, expected: /TOKEN_LIMIT_EXCEEDED/ },
      { name: 'an unknown field', request: { headers: sse, body: JSON.stringify({ query: 'subscription { nope }' }) }, expected: /GRAPHQL_VALIDATION_FAILED/ },
      { name: 'bad variables', request: { headers: sse, body: JSON.stringify({ query: 'subscription ($f: ID!) { fleetEvents(fleetId: $f) { eventId } }', variables: { f: 3.5 } }) }, expected: /BAD_USER_INPUT/ },
      { name: 'a batch', request: { headers: sse, body: JSON.stringify([{ query: subscription(fleetId) }]) }, expected: /./ },
      { name: 'a query', request: { headers: sse, body: JSON.stringify({ query: `{ fleet(fleetId: "${fleetId}") { fleetId } }` }) }, expected: new RegExp(`event: next\ndata: {"data":{"fleet":{"fleetId":"${fleetId}"}}}\n\nevent: complete`) },
      { name: 'text/plain', request: { headers: { ...sse, 'content-type': 'text/plain' }, body: JSON.stringify({ query: subscription(fleetId) }) }, expected: /^$/ },
      { name: 'GET without a query', request: { method: 'GET', headers: { accept: 'text/event-stream' } }, expected: /Must provide query string/ },
    ];
    for (const { name, request, expected } of cases) {
      const first = await exchange(request);
      const second = await exchange(request);
      expect(first.text, name).toMatch(expected);
      expect({ status: second.status, text: sameIds(second.text) }, name).toEqual({ status: first.status, text: sameIds(first.text) });
    }
  });

  it('lets go of everything a client abandons: mid-body, while subscribing, and once streaming', async () => {
    const fleetId = stack().sim.data.fleets[0]?.attributes.FleetId ?? '';
    const { host, port } = new URL(stack().url);
    const body = JSON.stringify({ query: subscription(fleetId) });
    const head = (length: number) =>
      `POST /graphql HTTP/1.1\r\nhost: ${host}\r\nx-api-key: ${key.key}\r\naccept: text/event-stream\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;
    /** Sends `text`, then hangs up once `until` says so (or at once). */
    const abandon = (text: string, until: (received: string) => boolean) =>
      new Promise<void>((resolve) => {
        const socket = connect(Number(port), host.split(':')[0], () => socket.write(text));
        let received = '';
        const hangUp = () => {
          socket.destroy();
          resolve();
        };
        socket.on('data', (chunk) => {
          received += chunk.toString();
          if (until(received)) hangUp();
        });
        socket.on('error', hangUp);
        if (until('')) setTimeout(hangUp, 20);
      });
    const subscribers = async () => {
      const text = await (await fetch(new URL('/metrics', stack().url))).text();
      return Number(/^fleetgraph_live_subscribers (\d+)/m.exec(text)?.[1] ?? NaN);
    };
    await Promise.all([
      // Declares a body, sends a tenth of it, leaves.
      ...Array.from({ length: 20 }, () => abandon(head(body.length * 10) + body, () => true)),
      // Sends the whole request and leaves before the answer.
      ...Array.from({ length: 20 }, () => abandon(head(body.length) + body, () => true)),
      // Leaves once the stream has begun.
      ...Array.from({ length: 20 }, () => abandon(head(body.length) + body, (received) => received.includes(':\n\n'))),
    ]);
    await expect.poll(subscribers, { timeout: 5_000 }).toBe(0);
    // And the next client is served as before.
    const answer = await exchange({ headers: sse, body });
    expect(answer.status).toBe(200);
    expect(answer.text.startsWith(':\n\n')).toBe(true);
  });
});
