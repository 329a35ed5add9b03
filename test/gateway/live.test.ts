import { createClient } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { newApiKey } from '../../src/auth/api-keys.js';
import { FLEETS, seedFleet } from '../../src/simulator/index.js';
import { perFile } from '../support/per-file.js';
import { subscribeSse, type SseSubscription } from '../support/sse.js';
import { startStack } from '../support/stack.js';

const POLL_MS = 250;
const key = newApiKey('live-dashboard');
const stack = perFile(() => startStack({ env: { AUTH_API_KEYS: key.entry, LIVE_POLL_INTERVAL_MS: String(POLL_MS) } }), (s) => s.close());
const auth = { 'x-api-key': key.key };

type Payload = { data?: { fleetEvents: { eventId: string; eventCode: string; eventTime: string } } | null; errors?: { extensions?: Record<string, unknown> }[] };
const FIELDS = 'eventId eventCode eventTime';
const subscription = (fleetId: string, extra = '') => `subscription { fleetEvents(fleetId: "${fleetId}"${extra}) { ${FIELDS} } }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeCalls = () => stack().sim.calls().filter((call) => call.operation === 'DescribeFleetEvents').length;

/** Waits until `condition` holds, as vitest polls (no sleeping longer than needed). */
const until = (condition: () => boolean, what: string) => expect.poll(condition, { timeout: 15_000, message: `waiting for ${what}` }).toBe(true);

const ids = (sub: SseSubscription<Payload>) => sub.payloads.flatMap((payload) => (payload.data?.fleetEvents ? [payload.data.fleetEvents.eventId] : []));

describe('live fleet events over SSE', () => {
  it('reaches 20 subscribers in order, once each, within two polls of one shared poller, which stops when they leave', async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    // Its creation steps run on timers of their own: let them finish, so the streams show only the appended events.
    await sleep(100);
    stack().sim.resetStats();
    const subscribers = Array.from({ length: 20 }, () => subscribeSse<Payload>(stack().url, subscription(fleet.fleetId), {}, auth));
    for (const subscriber of subscribers) expect(await subscriber.status).toBe(200);
    await until(() => describeCalls() >= 2, 'the poller to poll twice');
    const appended = stack().sim.appendEvents(fleet.fleetId, [
      { eventCode: 'FLEET_SCALING_EVENT', message: 'desired 2' },
      { eventCode: 'INSTANCE_INTERRUPTED', message: 'spot reclaimed' },
      { eventCode: 'FLEET_SCALING_EVENT', message: 'desired 3' },
    ]);
    const callsAtAppend = describeCalls();
    const expected = appended.map((event) => event.EventId);
    await until(() => subscribers.every((subscriber) => ids(subscriber).length >= 3), 'all subscribers to get the events');
    // Delivered by the first or second poll after the append (one may have been in flight).
    expect(describeCalls() - callsAtAppend).toBeLessThanOrEqual(3);
    for (const subscriber of subscribers) expect(ids(subscriber)).toEqual(expected);
    // One poller, not twenty: about one call per interval since the subscriptions began.
    const started = stack().sim.calls()[0]?.at ?? 0;
    const elapsed = (stack().sim.calls().at(-1)?.at ?? 0) - started;
    expect(describeCalls()).toBeLessThanOrEqual(Math.ceil(elapsed / POLL_MS) + 2);

    for (const subscriber of subscribers) subscriber.close();
    await sleep(POLL_MS * 2);
    const afterLeaving = describeCalls();
    await sleep(POLL_MS * 4);
    expect(describeCalls()).toBe(afterLeaving);
    expect(subscribers.flatMap((subscriber) => ids(subscriber))).toHaveLength(60);
  });

  it('replays from `since` exactly, then continues live, filtered by eventCodes', async () => {
    const fleetId = FLEETS.pageBoundary20;
    const history = [...seedFleet(fleetId).events].reverse();
    const since = new Date(history[12]?.EventTime ?? 0);
    const all = subscribeSse<Payload>(stack().url, subscription(fleetId, `, since: "${since.toISOString()}"`), {}, auth);
    const scaling = subscribeSse<Payload>(stack().url, subscription(fleetId, `, since: "${since.toISOString()}", eventCodes: [FLEET_SCALING_EVENT]`), {}, auth);
    const replayed = history.filter((event) => event.EventTime >= since.getTime());
    expect(replayed.length).toBeGreaterThan(3);
    await until(() => ids(all).length >= replayed.length, 'the replay');
    expect(ids(all)).toEqual(replayed.map((event) => event.EventId));
    await sleep(POLL_MS * 2);
    const [live] = stack().sim.appendEvents(fleetId, [{ eventCode: 'FLEET_SCALING_EVENT', message: 'desired 4' }]);
    await until(() => ids(all).length === replayed.length + 1 && ids(scaling).includes(live?.EventId ?? ''), 'the live event');
    expect(ids(all)).toEqual([...replayed.map((event) => event.EventId), live?.EventId]);
    expect(ids(scaling)).toEqual([...replayed.filter((event) => event.EventCode === 'FLEET_SCALING_EVENT').map((event) => event.EventId), live?.EventId]);
    all.close();
    scaling.close();
  });

  it('ends a deleted fleet stream with its FLEET_DELETED event, and an unknown fleet with NOT_FOUND', async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const sub = subscribeSse<Payload>(stack().url, subscription(fleet.fleetId, ', eventCodes: [INSTANCE_INTERRUPTED]'), {}, auth);
    await sleep(POLL_MS * 2);
    stack().sim.deleteFleet(fleet.fleetId);
    await sub.completed;
    expect(sub.payloads.map((payload) => payload.data?.fleetEvents.eventCode)).toEqual(['FLEET_DELETED']);

    // Subscribing to a fleet deleted before: its FLEET_DELETED is the whole stream, with or without a replay.
    const late = subscribeSse<Payload>(stack().url, subscription(fleet.fleetId), {}, auth);
    await late.completed;
    expect(late.payloads.map((payload) => payload.data?.fleetEvents.eventCode)).toEqual(['FLEET_DELETED']);
    const replaying = subscribeSse<Payload>(stack().url, subscription(fleet.fleetId, ', since: "2000-01-01T00:00:00Z"'), {}, auth);
    await replaying.completed;
    expect(replaying.payloads.at(-1)?.data?.fleetEvents.eventCode).toBe('FLEET_DELETED');
    expect(replaying.payloads.length).toBeGreaterThan(5);

    const unknown = subscribeSse<Payload>(stack().url, subscription('fleet-00000000-0000-4000-8000-000000000000'), {}, auth);
    await unknown.completed;
    expect(unknown.payloads).toMatchObject([{ errors: [{ extensions: { code: 'NOT_FOUND' } }] }]);
  });

  it('reports a transient upstream error without ending the stream', async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const sub = subscribeSse<Payload>(stack().url, subscription(fleet.fleetId), {}, auth);
    await sleep(POLL_MS * 2);
    stack().sim.setFaults({ internalErrorEveryNth: 1 });
    await until(() => sub.payloads.some((payload) => payload.errors), 'an error payload');
    stack().sim.setFaults({ internalErrorEveryNth: 0 });
    const [event] = stack().sim.appendEvents(fleet.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT' }]);
    await until(() => ids(sub).includes(event?.EventId ?? ''), 'the event after the error');
    expect(sub.payloads.find((payload) => payload.errors)?.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    sub.close();
  });

  it('refuses an unauthenticated subscription before any upstream call', async () => {
    stack().sim.resetStats();
    const sub = subscribeSse<Payload>(stack().url, subscription(FLEETS.bigActive));
    expect(await sub.status).toBe(401);
    await sleep(POLL_MS * 2);
    expect(stack().sim.stats().calls).toEqual({});
  });
});

describe('live fleet events over graphql-ws', () => {
  const wsUrl = () => stack().url.replace(/^http/, 'ws');

  it('works with the graphql-ws client, credentials in connection_init', async () => {
    const fleet = stack().sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    // Its creation steps run on timers of their own: let them finish, so the stream shows only the appended events.
    await sleep(100);
    const client = createClient({ url: wsUrl(), webSocketImpl: WebSocket, connectionParams: { 'x-api-key': key.key }, retryAttempts: 0 });
    const received: Payload[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<Payload['data']>({ query: subscription(fleet.fleetId) }, { next: (value) => received.push(value as Payload), error: reject, complete: resolve });
    });
    await sleep(POLL_MS * 2);
    const appended = stack().sim.appendEvents(fleet.fleetId, [{ eventCode: 'FLEET_SCALING_EVENT' }, { eventCode: 'FLEET_SCALING_EVENT' }]);
    await until(() => received.length >= 2, 'events over WebSocket');
    expect(received.map((payload) => payload.data?.fleetEvents.eventId)).toEqual(appended.map((event) => event.EventId));
    stack().sim.deleteFleet(fleet.fleetId);
    await done;
    expect(received.at(-1)?.data?.fleetEvents.eventCode).toBe('FLEET_DELETED');
    const query = await new Promise<unknown>((resolve, reject) => {
      let result: unknown;
      client.subscribe({ query: `{ fleet(fleetId: "${FLEETS.sparse}") { name } }` }, { next: (value) => (result = value), error: reject, complete: () => resolve(result) });
    });
    expect(query).toMatchObject({ data: { fleet: { name: expect.any(String) } } });
    await client.dispose();
  });

  it('closes a connection without valid credentials with 4403, before any upstream call', async () => {
    stack().sim.resetStats();
    for (const connectionParams of [{}, { 'x-api-key': 'wrong' }, { authorization: 'Bearer nope' }]) {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
      const code = await new Promise<number>((resolve) => socket.once('close', (closeCode: number) => resolve(closeCode)));
      expect(code).toBe(4403);
    }
    expect(stack().sim.stats().calls).toEqual({});
  });
});
