import { describe, expect, it } from 'vitest';
import { decodedLog, FLEETS, seedFleet, type SeedEvent, type SeedFleet } from '../../src/simulator/index.js';
import { EventLogContentDocument, EventLogsDocument, EventsWithoutLogsDocument } from '../generated/operations.js';
import { FakeS3, s3Error } from '../support/fake-s3.js';
import { stackForFile, startStack } from '../support/stack.js';

const logEvents = (fleet: SeedFleet) => fleet.events.filter((e): e is SeedEvent & { logKey: string } => e.logKey !== undefined);
const text = (event: { logKey: string }) => decodedLog(event.logKey).toString('utf8');
/** The time window holding a fleet's creation-step events, the ones that carry logs. */
function logWindow(fleet: SeedFleet) {
  const times = logEvents(fleet).map((e) => e.EventTime);
  return {
    fleetId: fleet.attributes.FleetId,
    first: 100,
    startTime: new Date(Math.min(...times)).toISOString(),
    endTime: new Date(Math.max(...times)).toISOString(),
  };
}
const loggedInWindow = (fleet: SeedFleet) => logEvents(fleet).length;

describe('FleetEvent.logContent and log, end to end', () => {
  const stack = stackForFile({ env: { LOG_MAX_PER_REQUEST: '100' } });

  const fleetsWithLogs = () => stack.sim.data.fleets.filter((f) => logEvents(f).length > 0);


  it('serves each log byte for byte: multi-line, multibyte UTF-8, empty and gzip-stored', async () => {
    const cap = 1024 * 1024;
    const seen = { multibyte: false, empty: false, gzip: false, multiline: false };
    for (const fleet of fleetsWithLogs()) {
      const response = await stack.query(EventLogContentDocument, logWindow(fleet));
      expect(response.errors).toBeUndefined();
      const served = new Map(response.data?.fleet?.events.edges.map((e) => [e.node.eventId, e.node.logContent]));
      for (const event of logEvents(fleet)) {
        expect(served.has(event.EventId)).toBe(true);
        const expected = text(event);
        if (Buffer.byteLength(expected) > cap) continue;
        expect(served.get(event.EventId)).toBe(expected);
        seen.multibyte ||= Buffer.byteLength(expected) > expected.length;
        seen.empty ||= expected.length === 0;
        seen.gzip ||= event.logContentEncoding === 'gzip';
        seen.multiline ||= expected.split('\n').length > 10;
      }
      const withoutLog = fleet.events.find((e) => !e.logKey && served.has(e.EventId));
      if (withoutLog) expect(served.get(withoutLog.EventId)).toBeNull();
    }
    expect(seen).toEqual({ multibyte: true, empty: true, gzip: true, multiline: true });
  });

  it('makes no log request unless a query selects the log', async () => {
    stack.sim.resetStats();
    const response = await stack.query(EventsWithoutLogsDocument, { fleetId: FLEETS.failedCreation, first: 100 });
    expect(response.data?.fleet?.events.edges.some((e) => e.node.preSignedLogUrl)).toBe(true);
    expect(stack.sim.stats().logRequests).toBe(0);
  });

  it('fetches one URL once per request, however many fields ask for it', async () => {
    const fleet = seedFleet(FLEETS.failedCreation);
    const id = fleet.attributes.FleetId;
    const query = `{ a: fleet(fleetId: "${id}") { events(first: 100) { edges { node { logContent } } } }
                     b: fleet(fleetId: "${id}") { events(first: 100) { edges { node { x: logContent y: logContent } } } } }`;
    stack.sim.resetStats();
    const response = await stack.raw({ query });
    expect(response.errors).toBeUndefined();
    expect(fleet.events.length).toBeLessThanOrEqual(100);
    expect(stack.sim.stats().logRequests).toBe(logEvents(fleet).length);
  });

  it('truncates a multi-megabyte log at the cap and says so, and serves its end with tail', async () => {
    const big = seedFleet(FLEETS.bigActive);
    const bigLog = logEvents(big).sort((a, b) => decodedLog(b.logKey).length - decodedLog(a.logKey).length)[0];
    if (!bigLog) throw new Error('no log on the big fleet');
    const full = decodedLog(bigLog.logKey);
    expect(full.length).toBeGreaterThan(2 * 1024 * 1024);
    const at = new Date(bigLog.EventTime).toISOString();
    const response = await stack.query(EventLogsDocument, { fleetId: FLEETS.bigActive, startTime: at, endTime: at, tail: true, lines: 5 });
    const node = response.data?.fleet?.events.edges.find((e) => e.node.eventId === bigLog.EventId)?.node;
    if (!node) throw new Error('the big log event was not served');
    expect(Buffer.byteLength(node.logContent ?? '')).toBeLessThanOrEqual(1024 * 1024);
    expect(full.toString('utf8').startsWith(node.logContent ?? 'x')).toBe(true);
    const warnings = (response as { extensions?: { warnings?: { code: string; path: unknown[] }[] } }).extensions?.warnings ?? [];
    expect(warnings.some((w) => w.code === 'LOG_TRUNCATED' && w.path.at(-1) === 'logContent')).toBe(true);
    const fullText = full.toString('utf8');
    const lastLines = fullText.split(/(?<=\n)/).slice(-5).join('');
    expect(node.log).toMatchObject({ content: lastLines, truncated: true, sizeBytes: full.length });
    expect(Date.parse(node.log?.expiresAt ?? '')).toBeGreaterThan(Date.now());
  });

  it('refetches the event for a fresh URL when S3 says the URL has expired', async () => {
    const fleet = seedFleet(FLEETS.failedCreation);
    const event = logEvents(fleet)[0] as SeedEvent & { logKey: string };
    stack.sim.setFaults({ expireNextLogFetches: 1 });
    stack.sim.resetStats();
    const response = await stack.query(EventLogContentDocument, logWindow(fleet));
    expect(response.errors).toBeUndefined();
    const served = response.data?.fleet?.events.edges.filter((e) => e.node.logContent !== null) ?? [];
    expect(served.length).toBe(loggedInWindow(fleet));
    expect(served.find((e) => e.node.eventId === event.EventId)?.node.logContent).toBe(text(event));
    // One extra DescribeFleetEvents: the refresh of the event whose URL had expired.
    expect(stack.sim.stats().calls.DescribeFleetEvents).toBe(2);
  });
});

describe('log failures are typed and fail alone', () => {
  it('answers LOG_EXPIRED when even the fresh URL has expired, with sibling fields intact', async () => {
    const stack = await startStack({ simulator: { logUrlDateOffsetSeconds: -3600 } });
    try {
      const fleet = seedFleet(FLEETS.failedCreation);
      const response = await stack.query(EventLogContentDocument, logWindow(fleet));
      const edges = response.data?.fleet?.events.edges ?? [];
      expect(edges.length).toBeGreaterThan(0);
      expect(edges.every((e) => e.node.message !== null)).toBe(true);
      expect(response.errors?.length).toBe(loggedInWindow(fleet));
      expect(new Set(response.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['LOG_EXPIRED']));
      for (const error of response.errors ?? []) expect(error.message).not.toMatch(/X-Amz-Signature=[0-9a-f]/);
    } finally {
      await stack.close();
    }
  });

  it('maps 404 and refused URLs to LOG_NOT_FOUND and LOG_ACCESS_DENIED', async () => {
    const cases = [
      { answer: undefined, code: 'LOG_NOT_FOUND' },
      { answer: s3Error(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match'), code: 'LOG_ACCESS_DENIED' },
    ];
    for (const { answer, code } of cases) {
      const s3 = await FakeS3.start();
      if (answer) s3.otherwise(answer);
      const stack = await startStack({ simulator: { logUrlBase: `http://${s3.host}` }, extraLogHosts: [s3.host] });
      try {
        const response = await stack.query(EventLogContentDocument, logWindow(seedFleet(FLEETS.failedCreation)));
        expect(response.data?.fleet?.events.edges.length).toBeGreaterThan(0);
        expect(response.errors?.length).toBeGreaterThan(0);
        expect(new Set(response.errors?.map((e) => e.extensions?.code))).toEqual(new Set([code]));
        expect(s3.requests.length).toBeGreaterThan(0);
      } finally {
        await stack.close();
        await s3.close();
      }
    }
  });

  it('never contacts a log host outside the allowlist', async () => {
    const outsider = await FakeS3.start();
    const stack = await startStack({ simulator: { logUrlBase: `http://${outsider.host}` } });
    try {
      const response = await stack.query(EventLogsDocument, logWindow(seedFleet(FLEETS.failedCreation)));
      expect(response.errors?.length).toBeGreaterThan(0);
      expect(new Set(response.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['LOG_HOST_NOT_ALLOWED']));
      expect(response.data?.fleet?.events.edges.length).toBeGreaterThan(0);
      expect(outsider.requests).toEqual([]);
    } finally {
      await stack.close();
      await outsider.close();
    }
  });

  it('caps the number of logs one request reads', async () => {
    const stack = await startStack({ env: { LOG_MAX_PER_REQUEST: '2' } });
    try {
      const response = await stack.query(EventLogContentDocument, logWindow(seedFleet(FLEETS.failedCreation)));
      const served = response.data?.fleet?.events.edges.filter((e) => e.node.logContent !== null) ?? [];
      expect(served).toHaveLength(2);
      expect(response.errors?.length).toBeGreaterThan(0);
      expect(response.errors?.every((e) => e.extensions?.code === 'LOG_LIMIT_EXCEEDED')).toBe(true);
      expect(stack.sim.stats().logRequests).toBe(2);
    } finally {
      await stack.close();
    }
  });

  it('refuses a maxBytes beyond the configured cap with BAD_USER_INPUT', async () => {
    const stack = await startStack({ env: { LOG_MAX_BYTES: '4096' } });
    try {
      const window = logWindow(seedFleet(FLEETS.failedCreation));
      const response = await stack.query(EventLogsDocument, { ...window, maxBytes: 5000 });
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const capped = await stack.query(EventLogsDocument, { ...window, maxBytes: 64 });
      expect(capped.data?.fleet?.events.edges.some((e) => e.node.log?.truncated)).toBe(true);
      for (const edge of capped.data?.fleet?.events.edges ?? []) {
        if (edge.node.log) expect(edge.node.log.contentBytes).toBeLessThanOrEqual(64);
      }
    } finally {
      await stack.close();
    }
  });
});
