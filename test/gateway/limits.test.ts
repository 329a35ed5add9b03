import { Lexer, Source, TokenKind } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DEFAULT_QUERY_LIMITS } from '../../src/config.js';
import { FLEETS } from '../../src/simulator/index.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();
const limits = DEFAULT_QUERY_LIMITS;

interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; extensions: Record<string, unknown> }[] };
}

async function post(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body,
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  } as RequestInit);
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const ask = (query: string) => post(JSON.stringify({ query }));

function count(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** Rejected with `code`, naming limit and actual value, and GameLift never asked. */
async function expectRejected(answer: Promise<Answer>, code: string, limit: number, actual: number) {
  stack.sim.resetStats();
  const { body } = await answer;
  expect(body.data ?? null).toBeNull();
  expect(body.errors?.[0]?.extensions).toMatchObject({ code, limit, actual });
  expect(body.errors?.[0]?.message).toContain(String(limit));
  expect(body.errors?.[0]?.message).toContain(String(actual));
  expect(stack.sim.stats()).toMatchObject({ calls: {}, logRequests: 0 });
}

async function expectAccepted(answer: Promise<Answer>) {
  const { status, body } = await answer;
  expect(body.errors).toBeUndefined();
  expect(status).toBe(200);
}

/** A valid query `depth` fields deep, leaf included (fleet → events → edges → node → fleet → … → __typename). */
function nested(depth: number): string {
  const chain = ['events(first: 1)', 'edges', 'node', 'fleet'];
  let inner = '__typename';
  for (let level = depth - 2; level >= 1; level--) inner = `${chain[(level - 1) % 4]} { ${inner} }`;
  return `{ fleet(fleetId: "${FLEETS.failedCreation}") { ${inner} } }`;
}

describe('query limits, all before any upstream call', () => {
  it(`accepts depth ${limits.maxDepth} and rejects ${limits.maxDepth + 1}`, async () => {
    await expectAccepted(ask(nested(limits.maxDepth)));
    await expectRejected(ask(nested(limits.maxDepth + 1)), 'DEPTH_LIMIT_EXCEEDED', limits.maxDepth, limits.maxDepth + 1);
  });

  it(`accepts ${limits.maxAliases} aliases and rejects ${limits.maxAliases + 1}`, async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: fleet(fleetId: "${FLEETS.sparse}") { fleetId }`).join(' ')} }`;
    await expectAccepted(ask(aliases(limits.maxAliases)));
    await expectRejected(ask(aliases(limits.maxAliases + 1)), 'ALIAS_LIMIT_EXCEEDED', limits.maxAliases, limits.maxAliases + 1);
  });

  it(`accepts ${limits.maxTokens} tokens and rejects ${limits.maxTokens + 1}`, async () => {
    // A long list argument: many tokens without many fields (graphql-js bounds field-merging work itself).
    const fixed = (codes: number) => `{ fleet(fleetId: "${FLEETS.sparse}") { events(first: 1, eventCodes: [${'FLEET_CREATED '.repeat(codes)}]) { edges { cursor } } } }`;
    const tokens = (n: number) => fixed(n - count(fixed(0)));
    expect(count(tokens(limits.maxTokens))).toBe(limits.maxTokens);
    await expectAccepted(ask(tokens(limits.maxTokens)));
    await expectRejected(ask(tokens(limits.maxTokens + 1)), 'TOKEN_LIMIT_EXCEEDED', limits.maxTokens, limits.maxTokens + 1);
  });

  it(`accepts ${limits.maxDirectives} directives and rejects ${limits.maxDirectives + 1}`, async () => {
    const directives = (n: number) => `{ ${'__typename @include(if: true) '.repeat(n)}}`;
    await expectAccepted(ask(directives(limits.maxDirectives)));
    await expectRejected(ask(directives(limits.maxDirectives + 1)), 'DIRECTIVE_LIMIT_EXCEEDED', limits.maxDirectives, limits.maxDirectives + 1);
  });

  it('accepts a body of exactly the limit and answers 413 past it, with or without Content-Length', async () => {
    const bodyOf = (bytes: number) => {
      const prefix = '{"query":"{ __typename }","variables":{"pad":"';
      const suffix = '"}}';
      return prefix + 'x'.repeat(bytes - prefix.length - suffix.length) + suffix;
    };
    await expectAccepted(post(bodyOf(limits.maxBodyBytes)));
    const tooLarge = bodyOf(limits.maxBodyBytes + 1);
    stack.sim.resetStats();
    const declared = await post(tooLarge);
    expect(declared.status).toBe(413);
    expect(declared.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`${limits.maxBodyBytes + 1} bytes; the limit is ${limits.maxBodyBytes}`),
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit: limits.maxBodyBytes, actual: limits.maxBodyBytes + 1 },
    });
    // Chunked, so the size is only known by counting as it streams.
    const chunks = Buffer.from(bodyOf(5 * 1024 * 1024));
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let offset = 0; offset < chunks.length; offset += 64 * 1024) controller.enqueue(chunks.subarray(offset, offset + 64 * 1024));
        controller.close();
      },
    });
    const counted = await post(streamed);
    expect(counted.status).toBe(413);
    expect(counted.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(`more than ${limits.maxBodyBytes} bytes`),
      extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', limit: limits.maxBodyBytes },
    });
    expect(stack.sim.stats().calls).toEqual({});
  });

  it('estimates the cost again for variables that change it, and only for those', async () => {
    const query = 'query ($n: Int, $t: DateTime) { fleets(first: $n) { edges { node { events(first: 100, startTime: $t) { edges { node { logContent } } } } } } }';
    const send = (n: number, t: string) => post(JSON.stringify({ query, variables: { n, t } }));
    expect((await send(1, '2026-01-01T00:00:00Z')).body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COSTLY');
    await expectRejected(send(100, '2026-01-01T00:00:00Z'), 'QUERY_TOO_COSTLY', limits.maxCost, 1 + 100 + 100 * 100);
    await expectRejected(send(100, '2026-02-01T00:00:00Z'), 'QUERY_TOO_COSTLY', limits.maxCost, 1 + 100 + 100 * 100);
    expect((await send(1, '2026-02-01T00:00:00Z')).body.errors?.[0]?.extensions?.code).not.toBe('QUERY_TOO_COSTLY');
  });

  it('keeps the cost limit beside them', async () => {
    const query = '{ fleets(first: 100) { edges { node { events(first: 100) { edges { node { logContent } } } } } } }';
    await expectRejected(ask(query), 'QUERY_TOO_COSTLY', limits.maxCost, 1 + 100 + 100 * 100);
  });
});

describe('empty cursors', () => {
  it.each([
    ['fleets(after: "")', `{ fleets(first: 1, after: "") { edges { cursor } } }`, 'after'],
    ['fleets(before: "")', `{ fleets(last: 1, before: "") { edges { cursor } } }`, 'before'],
    ['events(after: "")', `{ fleet(fleetId: "${FLEETS.sparse}") { events(first: 1, after: "") { edges { cursor } } } }`, 'after'],
  ])('refuses %s as BAD_USER_INPUT', async (_name, query, argumentName) => {
    const { body } = await ask(query);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName });
  });
});
