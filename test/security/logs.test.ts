import { describe, expect, it } from 'vitest';
import { FLEETS, seedData, seedFleet } from '../../src/simulator/index.js';
import { FakeS3, storedObject } from '../support/fake-s3.js';
import { perFile } from '../support/per-file.js';
import { asClient, attacker, fleetEventId, securedStack } from './support.js';

/** The seed's 3 MiB installer log, on FLEETS.bigActive. */
const large = (() => {
  const event = seedFleet(FLEETS.bigActive).events.find((candidate) => candidate.logKey === seedData.specialLogs.large);
  if (!event) throw new Error('the seed has no large log');
  return fleetEventId(FLEETS.bigActive, event.EventTime, event.EventId);
})();

/** A small log: the failed fleet's launch-path failure. */
const small = (() => {
  const event = seedFleet(FLEETS.failedCreation).events.find((candidate) => candidate.EventCode === 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND');
  if (!event) throw new Error('the seed has no launch-path failure');
  return fleetEventId(FLEETS.failedCreation, event.EventTime, event.EventId);
})();

const aliases = (count: number, field: string) => Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ');
const codes = (errors: readonly { extensions?: Record<string, unknown> }[] = []) => errors.map((error) => error.extensions?.code);

describe('log fields: every occurrence counts, one read per event, bounded bytes per response', () => {
  const stack = perFile(() => securedStack(), (s) => s.close());

  it('answers 100 aliases of logContent on a 3 MiB log with at most LOG_MAX_BYTES_PER_REQUEST of log, from one read', async () => {
    stack().sim.resetStats();
    const response = await fetch(stack().url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': attacker.key },
      body: JSON.stringify({ query: `{ node(id: "${large}") { ... on FleetEvent { ${aliases(100, 'logContent')} } } }` }),
    });
    const text = await response.text();
    expect(text.length).toBeLessThan(9 * 1024 * 1024);
    const body = JSON.parse(text) as { data: { node: Record<string, string | null> }; errors?: { extensions?: Record<string, unknown> }[] };
    const served = Object.values(body.data.node).filter((content) => content !== null);
    // 1 MiB each (LOG_MAX_BYTES), 8 MiB in all: 8 of them.
    expect(served.length).toBe(8);
    expect(codes(body.errors).filter((code) => code === 'LOG_LIMIT_EXCEEDED')).toHaveLength(92);
    expect(stack().sim.stats().logRequests).toBe(1);
  });

  it('counts every occurrence toward LOG_MAX_PER_REQUEST (20): the 21st and later are LOG_LIMIT_EXCEEDED', async () => {
    const { body } = await asClient(stack().url, attacker.key, { query: `{ node(id: "${small}") { ... on FleetEvent { ${aliases(25, 'logContent')} } } }` });
    const node = body.data?.node as Record<string, string | null>;
    expect(Object.values(node).filter((content) => content !== null)).toHaveLength(20);
    expect(codes(body.errors)).toEqual(Array.from({ length: 5 }, () => 'LOG_LIMIT_EXCEEDED'));
    expect(body.errors?.[0]?.message).toContain('LOG_MAX_PER_REQUEST');
  });

  it('reads an event log once for every field that asks for it: logContent, log (head, tail, lines) and diagnosis.logTail', async () => {
    stack().sim.resetStats();
    const { body } = await asClient(stack().url, attacker.key, {
      query: `{
        node(id: "${small}") { ... on FleetEvent { logContent log { contentBytes } tail: log(tail: true, lines: 2) { content } head: log(maxBytes: 40) { content truncated } } }
        fleet(fleetId: "${FLEETS.failedCreation}") { diagnosis { logTail(lines: 3) failureEvent { logContent } } }
      }`,
    });
    expect(body.errors).toBeUndefined();
    const node = body.data?.node as { logContent: string; log: { contentBytes: number }; tail: { content: string }; head: { content: string; truncated: boolean } };
    expect(node.log.contentBytes).toBe(Buffer.byteLength(node.logContent));
    expect(node.head).toEqual({ content: Buffer.from(node.logContent).subarray(0, 40).toString(), truncated: true });
    expect(node.logContent.endsWith(node.tail.content)).toBe(true);
    expect(stack().sim.stats().logRequests).toBe(1);
  });

  it('counts aliases in the cost estimate', async () => {
    const { body } = await asClient(stack().url, attacker.key, {
      query: `{ fleet(fleetId: "${FLEETS.bigActive}") { events(first: 100) { edges { node { ${aliases(11, 'logContent')} } } } } }`,
    });
    expect(codes(body.errors)).toEqual(['QUERY_TOO_COSTLY']);
  });
});

describe('LOG_MAX_BYTES_PER_REQUEST', () => {
  it('serves log fields until the bytes of log in the response reach it, then null with LOG_LIMIT_EXCEEDED', async () => {
    const stack = await securedStack({ LOG_MAX_BYTES_PER_REQUEST: '1500' });
    try {
      const { body } = await asClient(stack.url, attacker.key, { query: `{ node(id: "${small}") { ... on FleetEvent { ${aliases(5, 'logContent')} } } }` });
      const contents = Object.values(body.data?.node as Record<string, string | null>);
      const bytes = contents.reduce((sum, content) => sum + (content === null ? 0 : Buffer.byteLength(content)), 0);
      expect(bytes).toBeLessThanOrEqual(1500);
      expect(contents.filter((content) => content !== null).length).toBeGreaterThan(0);
      expect(codes(body.errors).length).toBeGreaterThan(0);
      expect(new Set(codes(body.errors))).toEqual(new Set(['LOG_LIMIT_EXCEEDED']));
      expect(body.errors?.[0]?.message).toContain('LOG_MAX_BYTES_PER_REQUEST');
    } finally {
      await stack.close();
    }
  });
});

describe('LOG_MAX_CONCURRENT', () => {
  it('bounds the log downloads in flight across all requests (default 8)', async () => {
    const s3 = await FakeS3.start();
    s3.otherwise(storedObject('x'.repeat(64 * 1024), { delayMs: 300 }));
    const stack = await securedStack({}, { simulator: { logUrlBase: `http://${s3.host}` }, extraLogHosts: [s3.host] });
    try {
      const fleet = seedFleet(FLEETS.failedCreation);
      const logged = fleet.events.filter((event) => event.logKey).map((event) => fleetEventId(FLEETS.failedCreation, event.EventTime, event.EventId));
      const query = `{ nodes(ids: ${JSON.stringify(logged)}) { ... on FleetEvent { logContent } } }`;
      const answers = await Promise.all(Array.from({ length: 8 }, () => asClient(stack.url, attacker.key, { query })));
      for (const answer of answers) expect(answer.body.errors).toBeUndefined();
      expect(s3.requests.length).toBe(8 * logged.length);
      expect(s3.peakInFlight).toBeLessThanOrEqual(8);
      expect(s3.peakInFlight).toBeGreaterThan(1);
    } finally {
      await stack.close();
      await s3.close();
    }
  });
});
