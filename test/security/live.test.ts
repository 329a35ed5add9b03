import { describe, expect, it } from 'vitest';
import { FLEETS } from '../../src/simulator/index.js';
import { perFile } from '../support/per-file.js';
import { subscribeSse, type SseSubscription } from '../support/sse.js';
import { attacker, securedStack, victim } from './support.js';

const POLL_MS = 300;
type Payload = { data?: { fleetEvents: { eventId: string; eventCode: string } } | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
const subscription = (fleetId: string, extra = '', fields = 'eventId eventCode') => `subscription { fleetEvents(fleetId: "${fleetId}"${extra}) { ${fields} } }`;
const as = (key: { key: string }) => ({ 'x-api-key': key.key });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const until = (condition: () => boolean, what: string, timeout = 15_000) => expect.poll(condition, { timeout, message: `waiting for ${what}` }).toBe(true);
const ids = (sub: SseSubscription<Payload>) => sub.payloads.flatMap((payload) => (payload.data?.fleetEvents ? [payload.data.fleetEvents.eventId] : []));
const codesOf = (sub: SseSubscription<Payload>) => sub.payloads.flatMap((payload) => (payload.errors ?? []).map((error) => error.extensions?.code));

describe('live streams that cannot hurt others', () => {
  const stack = perFile(() => securedStack({ LIVE_POLL_INTERVAL_MS: String(POLL_MS), LIVE_MAX_FLEETS_PER_CLIENT: '3', LIVE_MAX_STREAMS_PER_CLIENT: '5' }), (s) => s.close());
  const describeCalls = () => stack().sim.calls().filter((call) => call.operation === 'DescribeFleetEvents').length;

  it('stops a since replay within 1 s of its subscriber leaving', async () => {
    const subs = Array.from({ length: 5 }, (_, i) =>
      subscribeSse<Payload>(stack().url, subscription(FLEETS.bigActive, `, since: "${new Date(Date.UTC(2026, 0, 1) + i).toISOString()}"`), {}, as(attacker)),
    );
    await until(() => describeCalls() > 10, 'the replays to read');
    for (const sub of subs) sub.close();
    await sleep(1_000);
    const after = describeCalls();
    await sleep(2_000);
    expect(describeCalls() - after).toBe(0);
  });

  it('refuses a subscription over the cost limit at subscribe time, with no GameLift call', async () => {
    stack().sim.resetStats();
    const costly = subscription(FLEETS.bigActive, '', 'eventId fleet { events(first: 100) { edges { node { fleet { events(first: 100) { edges { node { eventId } } } } } } } }');
    const sub = subscribeSse<Payload>(stack().url, costly, {}, as(attacker));
    await sub.completed;
    expect(codesOf(sub)).toEqual(['QUERY_TOO_COSTLY']);
    await sleep(POLL_MS * 2);
    expect(stack().sim.stats().calls).toEqual({});
  });

  it('refuses at subscribe time what exceeds the depth, alias and log-field limits, like a query', async () => {
    stack().sim.resetStats();
    const nested = 'fleet { events(first: 1) { edges { node { fleet { events(first: 1) { edges { node { fleet { events(first: 1) { edges { node { eventId } } } } } } } } } } } }';
    const aliases = Array.from({ length: 101 }, (_, i) => `a${i}: eventId`).join(' ');
    const logs = Array.from({ length: 21 }, (_, i) => `l${i}: logContent`).join(' ');
    for (const [fields, code] of [
      [nested, 'DEPTH_LIMIT_EXCEEDED'],
      [aliases, 'ALIAS_LIMIT_EXCEEDED'],
      [logs, 'LOG_LIMIT_EXCEEDED'],
    ] as const) {
      const sub = subscribeSse<Payload>(stack().url, subscription(FLEETS.bigActive, '', fields), {}, as(attacker));
      await sub.completed;
      expect(codesOf(sub), code).toContain(code);
    }
    await sleep(POLL_MS * 2);
    expect(stack().sim.stats().calls).toEqual({});
  });

  it("never lets one subscriber's reference end, delay or error another's stream", async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    await sleep(100);
    const forged = `arn:x:fleet/${fleet.fleetId}`;
    // GameLift is slow: the victim joins while the attacker's first poll is still on its way.
    stack().sim.setFaults({ latencyMs: 250 });
    const poisoner = subscribeSse<Payload>(stack().url, subscription(forged), {}, as(attacker));
    await sleep(100);
    const streams = Array.from({ length: 3 }, () => subscribeSse<Payload>(stack().url, subscription(fleet.fleetId), {}, as(victim)));
    await poisoner.completed;
    stack().sim.setFaults({ latencyMs: 0 });
    expect(codesOf(poisoner)).toEqual(['NOT_FOUND']);
    expect(poisoner.payloads[0]?.errors?.[0]?.message).toContain(forged);
    await sleep(POLL_MS * 2);
    const appended = stack().sim.appendEvents(fleet.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT' }, { eventCode: 'FLEET_SCALING_EVENT' }]);
    await until(() => streams.every((stream) => ids(stream).length >= 2), 'the victim streams to get the events');
    for (const stream of streams) {
      expect(ids(stream)).toEqual(appended.map((event) => event.EventId));
      expect(JSON.stringify(stream.payloads)).not.toContain('arn:x');
      stream.close();
    }
  });

  it('ends the stream of a fleet GameLift does not know at once, and never polls it again', async () => {
    stack().sim.resetStats();
    const unknown = 'fleet-00000000-dead-4000-8000-000000000000';
    const sub = subscribeSse<Payload>(stack().url, subscription(unknown), {}, as(attacker));
    await sub.completed;
    expect(codesOf(sub)).toEqual(['NOT_FOUND']);
    await sleep(POLL_MS * 4);
    expect(describeCalls()).toBe(1);
  });

  it('holds each client to LIVE_MAX_FLEETS_PER_CLIENT fleets and LIVE_MAX_STREAMS_PER_CLIENT streams, before any call', async () => {
    const fleets = [FLEETS.pageBoundary20, FLEETS.pageBoundary50, FLEETS.pageBoundary, FLEETS.spot];
    const open = fleets.slice(0, 3).map((fleetId) => subscribeSse<Payload>(stack().url, subscription(fleetId), {}, as(attacker)));
    for (const sub of open) expect(await sub.status).toBe(200);
    await sleep(POLL_MS);
    stack().sim.resetStats();
    const fourthFleet = subscribeSse<Payload>(stack().url, subscription(fleets[3] as string), {}, as(attacker));
    await fourthFleet.completed;
    expect(codesOf(fourthFleet)).toEqual(['SUBSCRIPTION_LIMIT_EXCEEDED']);
    expect(fourthFleet.payloads[0]?.errors?.[0]?.message).toContain('LIVE_MAX_FLEETS_PER_CLIENT');
    const more = [0, 1].map(() => subscribeSse<Payload>(stack().url, subscription(fleets[0] as string), {}, as(attacker)));
    for (const sub of more) expect(await sub.status).toBe(200);
    const sixthStream = subscribeSse<Payload>(stack().url, subscription(fleets[1] as string), {}, as(attacker));
    await sixthStream.completed;
    expect(codesOf(sixthStream)).toEqual(['SUBSCRIPTION_LIMIT_EXCEEDED']);
    expect(sixthStream.payloads[0]?.errors?.[0]?.message).toContain('LIVE_MAX_STREAMS_PER_CLIENT');
    expect(stack().sim.calls().filter((call) => call.operation === 'DescribeFleetEvents').length).toBeLessThanOrEqual(4);
    // Another client is not held to the attacker's count.
    const other = subscribeSse<Payload>(stack().url, subscription(fleets[3] as string), {}, as(victim));
    await sleep(POLL_MS * 2);
    expect(codesOf(other)).toEqual([]);
    other.close();
    // Leaving frees the slots.
    for (const sub of [...open, ...more]) sub.close();
    await sleep(200);
    const again = subscribeSse<Payload>(stack().url, subscription(fleets[3] as string), {}, as(attacker));
    await sleep(POLL_MS * 2);
    expect(codesOf(again)).toEqual([]);
    again.close();
  });
});
