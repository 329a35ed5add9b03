import { paginateDescribeFleetEvents } from '@aws-sdk/client-gamelift';
import { afterAll, describe, expect, it } from 'vitest';
import { decodedLog, FAILURE_EVENT_CODES, FLEETS, seedFleet, type FailureEventCode } from '../../src/simulator/index.js';
import { clientFor, waitFor } from '../simulator/support.js';
import { stackForFile } from '../support/stack.js';

const stack = stackForFile();

const HOUR = 3_600_000;
const TIMELINE = 'creationTimeline { outcome durationSeconds phases { state startedAt endedAt durationSeconds } }';
const DIAGNOSIS = 'diagnosis { phase explanation hint failureEvent { eventId eventCode eventTime } }';
const GUIDE = 'https://docs.aws.amazon.com/gamelift/latest/developerguide/fleets-creating-debug.html';

/** An event as the simulator holds it, oldest first. */
interface SimEvent {
  readonly id: string;
  readonly code: string;
  readonly time: number;
  readonly logKey?: string | undefined;
}

const seededEvents = (fleetId: string): SimEvent[] =>
  [...seedFleet(fleetId).events]
    .reverse()
    .map((event) => ({ id: event.EventId, code: event.EventCode, time: event.EventTime, logKey: event.logKey }));

/** A live fleet's events, read straight from the simulator with the SDK (not through the gateway). */
let sdk: ReturnType<typeof clientFor> | undefined;
afterAll(() => sdk?.destroy());
async function liveEvents(fleetId: string): Promise<SimEvent[]> {
  sdk ??= clientFor(stack.sim);
  const newestFirst: SimEvent[] = [];
  for await (const page of paginateDescribeFleetEvents({ client: sdk, pageSize: 100 }, { FleetId: fleetId })) {
    for (const event of page.Events ?? []) {
      newestFirst.push({ id: event.EventId ?? '', code: event.EventCode ?? '', time: event.EventTime?.getTime() ?? 0 });
    }
  }
  return newestFirst.reverse();
}

const CREATION_STATE = /^FLEET_STATE_(DOWNLOADING|VALIDATING|BUILDING|ACTIVATING|ACTIVE|ERROR)$/;
const isTerminal = (state: string) => state === 'ACTIVE' || state === 'ERROR';
const iso = (time: number) => new Date(time).toISOString();

/** The phases the simulator's events describe: the state changes after the latest FLEET_CREATED, to the first ACTIVE or ERROR. */
function enteredStates(events: readonly SimEvent[]): { state: string; index: number; time: number }[] | null {
  const created = events.findLastIndex((event) => event.code === 'FLEET_CREATED');
  if (created < 0) return null;
  const entered = [{ state: 'NEW', index: created, time: (events[created] as SimEvent).time }];
  events.forEach((event, index) => {
    const last = entered.at(-1)?.state ?? '';
    const state = CREATION_STATE.exec(event.code)?.[1];
    if (index > created && state && state !== last && !isTerminal(last)) entered.push({ state, index, time: event.time });
  });
  return entered;
}

function expectedTimeline(events: readonly SimEvent[]) {
  const entered = enteredStates(events);
  if (!entered) return null;
  const last = entered.at(-1) as { state: string; time: number };
  const ended = isTerminal(last.state);
  return {
    outcome: ended ? last.state : 'IN_PROGRESS',
    durationSeconds: ended ? (last.time - (entered[0] as { time: number }).time) / 1000 : null,
    phases: entered.map(({ state, time }, i) => {
      const end = isTerminal(state) ? time : entered[i + 1]?.time;
      if (end === undefined) return { state, startedAt: iso(time), endedAt: null, durationSeconds: null };
      return { state, startedAt: iso(time), endedAt: iso(end), durationSeconds: (end - time) / 1000 };
    }),
  };
}

/** The failure event and its phase as the simulator's events give them; null unless the creation ended in ERROR. */
function expectedFailure(events: readonly SimEvent[]): { event: SimEvent; phase: string } | null {
  const entered = enteredStates(events);
  if (entered?.at(-1)?.state !== 'ERROR') return null;
  const specific: readonly string[] = FAILURE_EVENT_CODES;
  const index = events.findIndex((event, i) => i > (entered[0]?.index ?? 0) && (specific.includes(event.code) || event.code === 'FLEET_STATE_ERROR'));
  const phase = entered.filter((state) => state.index < index).at(-1)?.state ?? 'NEW';
  return { event: events[index] as SimEvent, phase };
}

/** The last `count` lines of `text`, terminators kept (a final newline ends the last line). */
const lastLines = (text: string, count: number) => (text.match(/[^\n]*\n|[^\n]+$/g) ?? []).slice(-count).join('');

type Fleet = { creationTimeline: unknown; diagnosis: Record<string, unknown> | null };

async function fleetData(fleetId: string, selection = `${TIMELINE} ${DIAGNOSIS}`) {
  const response = await stack.raw({ query: `{ fleet(fleetId: "${fleetId}") { ${selection} } }` });
  expect(response.errors).toBeUndefined();
  return (response.data as { fleet: Fleet }).fleet;
}

const seededWith = (status: string) =>
  stack.sim.data.fleets.filter((fleet) => fleet.attributes.Status === status).map((fleet) => fleet.attributes.FleetId);

describe('Fleet.creationTimeline and Fleet.diagnosis', () => {
  it('read only the creation period of a fleet created long ago: FLEETS.bigActive (5,000 events) costs 2 calls', async () => {
    stack.sim.resetStats();
    const fleet = await fleetData(FLEETS.bigActive);
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: 1 });
    expect(stack.sim.stats().logRequests).toBe(0);
    expect(fleet.creationTimeline).toEqual(expectedTimeline(seededEvents(FLEETS.bigActive)));
    expect(fleet.creationTimeline).toMatchObject({ outcome: 'ACTIVE' });
    expect(fleet.diagnosis).toBeNull();
  });

  it('diagnose FLEETS.failedCreation: the launch path failure, its phase, advice and its log tail byte for byte', async () => {
    const events = seededEvents(FLEETS.failedCreation);
    const failure = expectedFailure(events);
    const logKey = failure?.event.logKey;
    if (!failure || !logKey) throw new Error('the seeded failed fleet has a logged failure event');
    const log = decodedLog(logKey).toString('utf8');
    stack.sim.resetStats();
    const fleet = await fleetData(FLEETS.failedCreation, `${TIMELINE} ${DIAGNOSIS} tail: diagnosis { logTail(lines: 3) } all: diagnosis { logTail }`);
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: 1 });
    // Both tails are cut from one read of the log.
    expect(stack.sim.stats().logRequests).toBe(1);
    expect(fleet.creationTimeline).toEqual(expectedTimeline(events));
    expect(fleet.creationTimeline).toMatchObject({ outcome: 'ERROR' });
    expect(fleet.diagnosis).toMatchObject({
      phase: failure.phase,
      failureEvent: { eventId: failure.event.id, eventCode: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', eventTime: iso(failure.event.time) },
    });
    expect(failure.phase).toBe('VALIDATING');
    expect(fleet.diagnosis?.explanation).toMatch(/launch path/);
    expect(fleet.diagnosis?.hint).toMatch(/launch path must match the build's folder layout/);
    expect(String(fleet.diagnosis?.hint).endsWith(GUIDE)).toBe(true);
    const tails = fleet as unknown as { tail: { logTail: string }; all: { logTail: string } };
    expect(tails.tail.logTail).toBe(lastLines(log, 3));
    expect(tails.all.logTail).toBe(lastLines(log, 50));
  });

  it('diagnose every seeded failed fleet, each failure mode in the phase its events give', async () => {
    const fleetIds = seededWith('ERROR');
    expect(fleetIds.length).toBeGreaterThanOrEqual(9);
    const aliased = fleetIds.map((id, i) => `f${i}: fleet(fleetId: "${id}") { ${TIMELINE} ${DIAGNOSIS} }`).join(' ');
    const response = await stack.raw({ query: `{ ${aliased} }` });
    expect(response.errors).toBeUndefined();
    const codes = new Set<string>();
    fleetIds.forEach((id, i) => {
      const events = seededEvents(id);
      const failure = expectedFailure(events);
      const fleet = (response.data as Record<string, Fleet>)[`f${i}`] as Fleet;
      expect(fleet.creationTimeline).toEqual(expectedTimeline(events));
      expect(fleet.diagnosis).toMatchObject({ phase: failure?.phase, failureEvent: { eventId: failure?.event.id, eventCode: failure?.event.code } });
      expect(String(fleet.diagnosis?.hint).endsWith(GUIDE)).toBe(true);
      codes.add(failure?.event.code ?? '');
    });
    expect(codes.size).toBeGreaterThanOrEqual(6);
  });

  it('show a creation in progress: FLEETS.justCreated and seeded fleets in each creation state', async () => {
    const inStates = ['DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING'].map((status) => seededWith(status)[0] as string);
    const fleetIds = [FLEETS.justCreated, ...inStates];
    for (const id of fleetIds) {
      const fleet = await fleetData(id);
      const expected = expectedTimeline(seededEvents(id));
      expect(fleet.creationTimeline).toEqual(expected);
      expect(expected).toMatchObject({ outcome: 'IN_PROGRESS', durationSeconds: null });
      expect(expected?.phases.at(-1)).toMatchObject({ state: seedFleet(id).attributes.Status, endedAt: null, durationSeconds: null });
      expect(fleet.diagnosis).toBeNull();
    }
  });

  it('widen the window only while the creation has not ended: one call per doubling of the span read', async () => {
    // A seeded fleet stuck in DOWNLOADING, given the rest of its creation hours later.
    const fleetId = seededWith('DOWNLOADING')[1] as string;
    const createdAt = seedFleet(fleetId).attributes.CreationTime;
    stack.sim.appendEvents(fleetId, [
      { eventCode: 'FLEET_STATE_VALIDATING', eventTime: createdAt + 3 * HOUR },
      { eventCode: 'FLEET_STATE_ACTIVATING', eventTime: createdAt + 5 * HOUR },
      { eventCode: 'FLEET_STATE_ACTIVE', eventTime: createdAt + 5 * HOUR + 1500 },
      { eventCode: 'FLEET_STATE_ERROR', eventTime: createdAt + 20 * HOUR },
    ]);
    stack.sim.resetStats();
    const fleet = await fleetData(fleetId);
    // CreationTime − 5 min to + 2 h, then to + 4 h, then to + 8 h, where FLEET_STATE_ACTIVE lies.
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: 3 });
    const expected = expectedTimeline(await liveEvents(fleetId));
    expect(fleet.creationTimeline).toEqual(expected);
    expect(expected).toMatchObject({ outcome: 'ACTIVE', durationSeconds: (5 * HOUR + 1500) / 1000 });
    expect(fleet.diagnosis).toBeNull();

    // Still in progress: widened up to now, one call per doubling (a logarithm of the fleet's age).
    const stuck = seededWith('VALIDATING')[1] as string;
    const age = Date.now() - seedFleet(stuck).attributes.CreationTime;
    stack.sim.resetStats();
    expect((await fleetData(stuck)).creationTimeline).toMatchObject({ outcome: 'IN_PROGRESS' });
    expect(stack.sim.stats().calls.DescribeFleetEvents).toBe(Math.ceil(Math.log2(age / (2 * HOUR))) + 1);
  });

  it('follow fleets created while the gateway runs: succeeded, failed (every outcome, CRLF logs) and in progress', async () => {
    const active = stack.sim.createFleet({ outcome: 'ACTIVE', phaseMs: 0 });
    const failures = FAILURE_EVENT_CODES.map((outcome: FailureEventCode) => {
      const failureLog = `[gamelift] ${outcome} on the first try\r\n\r\nstep 2 of 3: ünïcödé テスト\r\n[gamelift] ${outcome}: giving up\r\n`;
      return { outcome, failureLog, ...stack.sim.createFleet({ outcome, phaseMs: 0, failureLog }) };
    });
    const waiting = stack.sim.createFleet({ phaseMs: 3_600_000 });
    const midway = stack.sim.createFleet({ phaseMs: 1000 });
    await waitFor(async () => ((await liveEvents(midway.fleetId)).some((event) => event.code === 'FLEET_STATE_DOWNLOADING') ? true : undefined));

    const fleets = [active, ...failures, waiting, midway];
    const query = (selection: string, of: readonly { fleetId: string }[]) =>
      stack.raw({ query: `{ ${of.map((f, i) => `f${i}: fleet(fleetId: "${f.fleetId}") { ${selection} }`).join(' ')} }` });
    stack.sim.resetStats();
    const response = await query(`${TIMELINE} ${DIAGNOSIS} diagnosis { logTail }`, fleets);
    expect(response.errors).toBeUndefined();
    // One batched attributes call for all of them, one window each (open-ended: they are recent), one log per failure.
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: fleets.length });
    expect(stack.sim.stats().logRequests).toBe(failures.length);
    const served = (i: number) => (response.data as Record<string, Fleet>)[`f${i}`];
    // Two more tails per failure, in a request of their own: LOG_MAX_PER_REQUEST (20) bounds one request's log reads.
    const tails = await query('two: diagnosis { logTail(lines: 2) } one: diagnosis { logTail(lines: 1) }', failures);
    expect(tails.errors).toBeUndefined();
    const tailsOf = (j: number) => (tails.data as Record<string, { two: { logTail: string }; one: { logTail: string } }>)[`f${j}`];

    for (const [i, fleet] of fleets.entries()) {
      const events = await liveEvents(fleet.fleetId);
      expect(served(i)?.creationTimeline, fleet.fleetId).toEqual(expectedTimeline(events));
    }
    expect(served(0)).toMatchObject({ creationTimeline: { outcome: 'ACTIVE' }, diagnosis: null });
    expect(served(fleets.length - 2)?.creationTimeline).toMatchObject({ outcome: 'IN_PROGRESS', phases: [{ state: 'NEW', endedAt: null }] });
    expect(served(fleets.length - 1)?.creationTimeline).toMatchObject({
      outcome: 'IN_PROGRESS',
      phases: [{ state: 'NEW' }, { state: 'DOWNLOADING', endedAt: null }],
    });
    expect(served(fleets.length - 1)?.diagnosis).toBeNull();

    for (const [j, { outcome, failureLog, fleetId }] of failures.entries()) {
      const fleet = served(j + 1);
      const failure = expectedFailure(await liveEvents(fleetId));
      expect(failure?.event.code).toBe(outcome);
      expect(fleet?.creationTimeline).toMatchObject({ outcome: 'ERROR' });
      expect(fleet?.diagnosis, outcome).toMatchObject({ phase: failure?.phase, failureEvent: { eventId: failure?.event.id, eventCode: outcome } });
      expect(String(fleet?.diagnosis?.hint).endsWith(GUIDE)).toBe(true);
      expect(fleet?.diagnosis?.logTail).toBe(failureLog);
      expect(tailsOf(j)?.two.logTail).toBe(failureLog.slice(failureLog.indexOf('step 2')));
      expect(tailsOf(j)?.one.logTail).toBe(`[gamelift] ${outcome}: giving up\r\n`);
    }
    stack.sim.deleteFleet(waiting.fleetId);
    stack.sim.deleteFleet(midway.fleetId);
  });

  it('are null for a fleet without FLEET_CREATED (FLEETS.empty), and cost nothing unless selected', async () => {
    stack.sim.resetStats();
    expect(await fleetData(FLEETS.empty)).toEqual({ creationTimeline: null, diagnosis: null });
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1, DescribeFleetEvents: 1 });

    stack.sim.resetStats();
    await fleetData(FLEETS.pageBoundary, '__typename');
    const named = await stack.raw({ query: `{ fleet(fleetId: "${FLEETS.pageBoundary20}") { name } }` });
    expect(named.errors).toBeUndefined();
    expect(stack.sim.stats().calls).toEqual({ DescribeFleetAttributes: 1 });
  });

  it('fail alone: a bad `lines` fails only logTail, an unknown fleet is NOT_FOUND', async () => {
    const fleetId = seededWith('ERROR').find((id) => id !== FLEETS.failedCreation) as string;
    for (const lines of [0, 1001, -1]) {
      const response = await stack.raw({
        query: `{ fleet(fleetId: "${fleetId}") { fleetId creationTimeline { outcome }
          diagnosis { phase logTail(lines: ${lines}) } ok: diagnosis { logTail(lines: 1) } } }`,
      });
      expect(response.errors).toHaveLength(1);
      expect(response.errors?.[0]).toMatchObject({ path: ['fleet', 'diagnosis', 'logTail'], extensions: { code: 'BAD_USER_INPUT' } });
      expect(response.errors?.[0]?.message).toMatch(/from 1 to 1000/);
      const fleet = (response.data as { fleet: { diagnosis: { phase: string; logTail: null }; ok: { logTail: unknown } } }).fleet;
      expect(fleet).toMatchObject({ fleetId, creationTimeline: { outcome: 'ERROR' }, diagnosis: { logTail: null } });
      expect(fleet.diagnosis.phase).toBe(expectedFailure(seededEvents(fleetId))?.phase);
    }
    const unknown = await stack.raw({ query: '{ fleet(fleetId: "fleet-00000000-0000-4000-8000-000000000000") { creationTimeline { outcome } } }' });
    expect(unknown.data).toEqual({ fleet: null });
    expect(unknown.errors?.[0]).toMatchObject({ path: ['fleet'], extensions: { code: 'NOT_FOUND' } });
  });
});
