import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DescribeFleetAttributesCommand,
  DescribeFleetCapacityCommand,
  DescribeFleetUtilizationCommand,
  ListFleetsCommand,
  type Event,
  type GameLiftClient,
} from '@aws-sdk/client-gamelift';
import { describe, expect, it, vi } from 'vitest';
import {
  ControlError,
  FAILURE_EVENT_CODES,
  FLEETS,
  seedFleet,
  startSimulator,
  type CreateFleetOptions,
  type FailureEventCode,
} from '../../src/simulator/index.js';
import { allPages, clientFor, simulatorForFile, waitFor } from './support.js';

const harness = simulatorForFile();

/** The steps of a fleet created through the control API, oldest first, as GameLift writes them. */
const PIPELINE = (
  'FLEET_CREATED → FLEET_STATE_DOWNLOADING → FLEET_CREATION_EXTRACTING_BUILD → FLEET_STATE_VALIDATING → ' +
  'FLEET_CREATION_RUNNING_INSTALLER → FLEET_CREATION_VALIDATING_RUNTIME_CONFIG → FLEET_STATE_BUILDING → FLEET_STATE_ACTIVATING → FLEET_STATE_ACTIVE'
).split(' → ');
const STATUS_ORDER = ['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING', 'ACTIVE'];

const attributesOf = async (fleetId: string, client: GameLiftClient = harness.client) =>
  (await client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }))).FleetAttributes?.[0];
const capacityOf = async (fleetId: string, client: GameLiftClient = harness.client) =>
  (await client.send(new DescribeFleetCapacityCommand({ FleetIds: [fleetId] }))).FleetCapacity?.[0];
const utilizationOf = async (fleetId: string, client: GameLiftClient = harness.client) =>
  (await client.send(new DescribeFleetUtilizationCommand({ FleetIds: [fleetId] }))).FleetUtilization?.[0];
/** All of a fleet's events, newest first. */
const eventsOf = async (fleetId: string, client: GameLiftClient = harness.client): Promise<Event[]> =>
  (await allPages(client, { FleetId: fleetId }, 100)).flatMap((page) => page.events);
const oldestFirst = (events: readonly Event[]): string[] => events.map((event) => event.EventCode ?? '').reverse();
const timesOldestFirst = (events: readonly Event[]): number[] => events.map((event) => event.EventTime?.getTime() ?? NaN).reverse();
const untilStatus = (fleetId: string, status: string) =>
  waitFor(async () => ((await attributesOf(fleetId))?.Status === status ? true : undefined));

describe('createFleet', () => {
  it('shows the fleet at once: NEW, FLEET_CREATED at CreationTime, listed, with capacity for one instance', async () => {
    const before = Date.now();
    const { fleetId, fleetArn } = harness.sim.createFleet({ name: 'appears-at-once', phaseMs: 60_000 });
    const after = Date.now();
    expect(fleetId).toMatch(/^fleet-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(fleetArn).toBe(`arn:aws:gamelift:us-west-2:123456789012:fleet/${fleetId}`);

    const attributes = await attributesOf(fleetArn);
    expect(attributes).toMatchObject({ FleetId: fleetId, FleetArn: fleetArn, Name: 'appears-at-once', Status: 'NEW', ComputeType: 'EC2', FleetType: 'ON_DEMAND' });
    const created = attributes?.CreationTime?.getTime() ?? 0;
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(after);

    const events = await eventsOf(fleetId);
    expect(events.map((event) => [event.EventCode, event.EventTime?.getTime(), event.ResourceId])).toEqual([['FLEET_CREATED', created, fleetId]]);
    expect(events[0]?.Message).toContain(`Fleet ${fleetId} created with status NEW`);

    const { FleetIds = [] } = await harness.client.send(new ListFleetsCommand({ Limit: 1000 }));
    expect(FleetIds.at(-1)).toBe(fleetId);
    expect(await capacityOf(fleetId)).toMatchObject({ FleetId: fleetId, InstanceType: attributes?.InstanceType, Location: 'us-west-2', InstanceCounts: { DESIRED: 1, PENDING: 0, ACTIVE: 0 } });
    expect(await utilizationOf(fleetId)).toMatchObject({ ActiveServerProcessCount: 0, ActiveGameSessionCount: 0 });
  });

  it('walks the creation phases to ACTIVE in real time, one step per phaseMs, statuses following the events', async () => {
    const phaseMs = 50;
    const { fleetId } = harness.sim.createFleet({ phaseMs });
    const statuses: string[] = [];
    await waitFor(async () => {
      const status = (await attributesOf(fleetId))?.Status ?? '';
      // What the embedding program reads (the demo scales its fleet once ACTIVE) is what GameLift answers.
      expect([status, STATUS_ORDER[STATUS_ORDER.indexOf(status) + 1]]).toContain(harness.sim.fleetStatus(fleetId));
      if (statuses.at(-1) !== status) statuses.push(status);
      return status === 'ACTIVE' ? true : undefined;
    }, 10_000, 5);
    // Statuses only ever move forward through the phases (a slow poll may skip one).
    const ranks = statuses.map((status) => STATUS_ORDER.indexOf(status));
    expect(ranks.every((rank, i) => rank >= 0 && rank > (ranks[i - 1] ?? -1))).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(harness.sim.fleetStatus(fleetId)).toBe('ACTIVE');
    expect(harness.sim.fleetStatus('fleet-00000000-0000-4000-8000-00000000beef')).toBeUndefined();

    const events = await eventsOf(fleetId);
    expect(oldestFirst(events)).toEqual(PIPELINE);
    const times = timesOldestFirst(events);
    times.slice(1).forEach((time, i) => expect(time - (times[i] ?? 0)).toBeGreaterThanOrEqual(phaseMs - 5));
    const changes = [...events].reverse().filter((event) => event.EventCode?.startsWith('FLEET_STATE_'));
    changes.forEach((change, i) =>
      expect(change.Message).toBe(`Fleet ${fleetId} changed state from ${STATUS_ORDER[i]} to ${STATUS_ORDER[i + 1]}`),
    );
    expect(events.filter((event) => event.PreSignedLogUrl).map((event) => event.EventCode).reverse()).toEqual([
      'FLEET_CREATION_EXTRACTING_BUILD',
      'FLEET_CREATION_RUNNING_INSTALLER',
      'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG',
    ]);
    const runtimeLog = events.find((event) => event.EventCode === 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG')?.PreSignedLogUrl ?? '';
    expect(await (await fetch(runtimeLog)).text()).toContain('Runtime configuration is valid');

    const counts = (await capacityOf(fleetId))?.InstanceCounts;
    expect(counts?.ACTIVE).toBe(counts?.DESIRED);
    expect(counts?.DESIRED).toBeGreaterThanOrEqual(counts?.MINIMUM ?? Infinity);
    expect(counts?.PENDING).toBe(0);
    expect((await utilizationOf(fleetId))?.ActiveServerProcessCount).toBeGreaterThan(0);
  });

  /** The status a fleet was in when each failure struck. */
  const FAILS_WHILE: Record<FailureEventCode, string> = {
    FLEET_VPC_PEERING_FAILED: 'NEW',
    FLEET_BINARY_DOWNLOAD_FAILED: 'DOWNLOADING',
    FLEET_CREATION_FAILED_INSTALLER: 'VALIDATING',
    FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: 'VALIDATING',
    FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: 'VALIDATING',
    FLEET_VALIDATION_TIMED_OUT: 'VALIDATING',
    FLEET_INITIALIZATION_FAILED: 'ACTIVATING',
    FLEET_ACTIVATION_FAILED: 'ACTIVATING',
    FLEET_ACTIVATION_FAILED_NO_INSTANCES: 'ACTIVATING',
  };
  /** What the last line of each default failure log says. */
  const WHY: Record<FailureEventCode, RegExp> = {
    FLEET_VPC_PEERING_FAILED: /failed: CIDR block 10\.0\.0\.0\/16 of vpc-\w+ overlaps the fleet's VPC$/,
    FLEET_BINARY_DOWNLOAD_FAILED: /Giving up after 3 attempts: the stored archive of build build-\S+ is corrupt/,
    FLEET_CREATION_FAILED_INSTALLER: /an install script must exit with code 0$/,
    FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: /the build contains a top-level folder "battle-royale-server"/,
    FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: /BattleRoyaleServer cannot run on AMAZON_LINUX_2023; ship the missing library/,
    FLEET_VALIDATION_TIMED_OUT: /timed out after 1200 s: process \d+ never called InitSDK\(\)/,
    FLEET_INITIALIZATION_FAILED: /Fleet initialization failed: .*VpcLimitExceeded/,
    FLEET_ACTIVATION_FAILED: /no server process reported ProcessReady\(\) within 600 s$/,
    FLEET_ACTIVATION_FAILED_NO_INSTANCES: /no c\d\w*\.\w+ instances could be launched in us-west-2/,
  };

  it.each(FAILURE_EVENT_CODES)('ends in ERROR after %s, struck in its phase, with a log whose last line says why', async (code) => {
    const { fleetId } = harness.sim.createFleet({ outcome: code, phaseMs: 0 });
    const events = await eventsOf(fleetId);
    const codes = oldestFirst(events);
    expect(codes.slice(-2)).toEqual([code, 'FLEET_STATE_ERROR']);
    const before = codes.slice(0, -2);
    expect(before).toEqual(PIPELINE.slice(0, before.length));
    const lastState = before.filter((step) => step.startsWith('FLEET_STATE_')).at(-1)?.replace('FLEET_STATE_', '') ?? 'NEW';
    expect(lastState).toBe(FAILS_WHILE[code]);
    const times = timesOldestFirst(events);
    times.slice(1).forEach((time, i) => expect(time).toBeGreaterThan(times[i] ?? Infinity));

    expect((await attributesOf(fleetId))?.Status).toBe('ERROR');
    expect((await capacityOf(fleetId))?.InstanceCounts).toEqual({ DESIRED: 0, MINIMUM: 0, MAXIMUM: 1, PENDING: 0, ACTIVE: 0, IDLE: 0, TERMINATING: 0 });
    expect((await utilizationOf(fleetId))?.ActiveServerProcessCount).toBe(0);

    const failure = events.find((event) => event.EventCode === code);
    const log = await (await fetch(failure?.PreSignedLogUrl ?? '')).text();
    expect(log.trimEnd().split('\n').at(-1)).toMatch(WHY[code]);
    expect(log).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[gamelift\] /);
  });

  it('serves failureLog byte for byte, CRLF and all, from a fleet failing in real time', async () => {
    const failureLog = 'Launch failed\r\nC:\\game\\KartRacerServer.exe: not found\r\nテスト 🎮 ü\r\n\r\nno newline at the end';
    const { fleetId } = harness.sim.createFleet({ outcome: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', phaseMs: 20, failureLog });
    await untilStatus(fleetId, 'ERROR');
    const url = (await eventsOf(fleetId)).find((event) => event.EventCode === 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND')?.PreSignedLogUrl ?? '';
    expect(url).toContain(`/logs/${fleetId}/events/`);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength(failureLog)));
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.from(failureLog, 'utf8'))).toBe(true);
    const tail = await fetch(url, { headers: { Range: 'bytes=-21' } });
    expect([tail.status, await tail.text()]).toEqual([206, 'no newline at the end']);
  });

  it("runs the game of a seeded build it is given, and tells that game's story", async () => {
    const kartBuild = seedFleet(FLEETS.failedCreation).attributes.BuildId ?? '';
    const { fleetId } = harness.sim.createFleet({ buildId: kartBuild, outcome: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', phaseMs: 0 });
    expect(await attributesOf(fleetId)).toMatchObject({ BuildId: kartBuild, OperatingSystem: 'WINDOWS_2016', Name: expect.stringMatching(/^kart-racer-live-\d+$/) });
    const failure = (await eventsOf(fleetId)).find((event) => event.EventCode === 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND');
    expect(failure?.Message).toContain('C:\\game\\KartRacerServer.exe');
  });

  it('takes a fleet id of its own, for a demo whose fleet ids do not change', async () => {
    const fleetId = 'fleet-de300000-11fe-4000-8000-000000000001';
    expect(harness.sim.createFleet({ fleetId, phaseMs: 0 }).fleetId).toBe(fleetId);
    expect((await attributesOf(fleetId))?.FleetId).toBe(fleetId);
  });

  it.each([
    [{ outcome: 'FLEET_EXPLODED' }, /outcome must be one of ACTIVE, FLEET_VPC_PEERING_FAILED, .*got "FLEET_EXPLODED"/],
    [{ outcome: 'FLEET_STATE_ERROR' }, /outcome must be one of/],
    [{ phaseMs: -1 }, /phaseMs must be an integer from 0 to 3600000, got -1/],
    [{ phaseMs: 1.5 }, /phaseMs must be an integer/],
    [{ name: '' }, /name must be a string of 1 to 1024 characters/],
    [{ buildId: 'nope' }, /buildId must be a build id/],
    [{ failureLog: 'boom' }, /failureLog needs a failure outcome/],
    [{ colour: 'red' }, /has no field "colour"/],
    [{ fleetId: 'fleet 1' }, /fleetId must be a fleet id/],
    [{ fleetId: FLEETS.bigActive }, /names a fleet that exists/],
    ['fast', /options must be a JSON object/],
  ])('refuses %j with a ControlError naming the problem', (options, message) => {
    const error = (() => {
      try {
        harness.sim.createFleet(options as CreateFleetOptions);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ControlError);
    expect(error).toMatchObject({ status: 400, message: expect.stringMatching(message) });
  });
});

describe('deleteFleet', () => {
  it('stops a creation, writes FLEET_DELETED and leaves the fleet TERMINATED with readable events', async () => {
    const { fleetId } = harness.sim.createFleet({ phaseMs: 30 });
    harness.sim.deleteFleet(fleetId);
    await sleep(150);
    const events = await eventsOf(fleetId);
    expect(oldestFirst(events)).toEqual(['FLEET_CREATED', 'FLEET_DELETED']);
    expect(events[0]?.Message).toBe(`Deletion of fleet ${fleetId} requested; game sessions are terminating and instances are being released.`);
    const attributes = await attributesOf(fleetId);
    expect(attributes?.Status).toBe('TERMINATED');
    expect(attributes?.TerminationTime).toEqual(events[0]?.EventTime);
    expect(await capacityOf(fleetId)).toBeUndefined();
    expect(await utilizationOf(fleetId)).toBeUndefined();
    expect((await harness.client.send(new ListFleetsCommand({ Limit: 1000 }))).FleetIds).toContain(fleetId);
  });

  it('refuses an unknown or already TERMINATED fleet', () => {
    expect(() => harness.sim.deleteFleet('fleet-00000000-0000-4000-8000-000000000000')).toThrow(
      expect.objectContaining({ status: 404, message: 'No fleet fleet-00000000-0000-4000-8000-000000000000 in this simulator' }),
    );
    expect(() => harness.sim.deleteFleet(FLEETS.terminated)).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/already TERMINATED/) }));
  });
});

describe('live state', () => {
  it('belongs to one simulator: another in the same process, and the seed, see none of it', async () => {
    const other = await startSimulator();
    const otherClient = clientFor(other);
    try {
      const { fleetId } = other.createFleet({ phaseMs: 0 });
      other.appendEvents(FLEETS.pageBoundary50, [{ eventCode: 'GENERIC_EVENT', message: 'only in the other simulator' }]);
      other.deleteFleet(FLEETS.pageBoundary20);

      expect(await attributesOf(fleetId, otherClient)).toBeDefined();
      expect(await attributesOf(fleetId)).toBeUndefined();
      expect((await eventsOf(FLEETS.pageBoundary50, otherClient))[0]?.Message).toBe('only in the other simulator');
      expect(await eventsOf(FLEETS.pageBoundary50)).toHaveLength(50);
      expect((await attributesOf(FLEETS.pageBoundary20, otherClient))?.Status).toBe('TERMINATED');
      expect((await attributesOf(FLEETS.pageBoundary20))?.Status).toBe('ACTIVE');
      expect(await capacityOf(FLEETS.pageBoundary20, otherClient)).toBeUndefined();
      expect(await capacityOf(FLEETS.pageBoundary20)).toEqual(seedFleet(FLEETS.pageBoundary20).capacity);

      expect(seedFleet(FLEETS.pageBoundary50).events).toHaveLength(50);
      expect(seedFleet(FLEETS.pageBoundary20).attributes.Status).toBe('ACTIVE');
      expect(other.data.fleets.map((fleet) => fleet.attributes.FleetId)).not.toContain(fleetId);
    } finally {
      otherClient.destroy();
      await other.close();
    }
    expect(() => other.createFleet()).toThrow(/closed/);
  });

  // The exit test below passes if either of these holds; each is checked on its own here.
  it('never holds the process open with a pending step, and close() cancels every pending step', async () => {
    const sim = await startSimulator();
    const refTimeouts = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = refTimeouts();
    sim.createFleet({ phaseMs: 3_600_000 });
    expect(refTimeouts()).toBe(before);

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const pending = vi.getTimerCount();
      sim.createFleet({ phaseMs: 50 });
      sim.createFleet({ phaseMs: 1_000 });
      expect(vi.getTimerCount()).toBe(pending + 2);
      const closed = sim.close();
      expect(vi.getTimerCount()).toBe(pending);
      vi.useRealTimers();
      await closed;
    } finally {
      vi.useRealTimers();
    }
  });

  it('lets a process exit once closed, even with fleets still being created', async () => {
    const script = `
      const { startSimulator } = await import('./src/simulator/index.ts');
      const sim = await startSimulator();
      sim.createFleet({ phaseMs: 3600000 });
      sim.createFleet({ phaseMs: 1000 });
      await sim.close();
      console.log('closed');
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    const timeout = sleep(20_000).then(() => 'still running');
    const outcome = await Promise.race([exited, timeout]);
    if (outcome === 'still running') child.kill('SIGKILL');
    expect(outcome).toEqual([0, null]);
    expect(stdout.trim()).toBe('closed');
  });
});
