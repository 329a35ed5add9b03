import type { EventCode } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { CREATION_TROUBLESHOOTING_URL, failureAdvice } from '../src/gamelift/creation/failures.js';
import { CREATION_FAILURE_CODES, creationDiagnosis, creationTimeline } from '../src/gamelift/creation/timeline.js';
import type { FleetEventRecord } from '../src/gamelift/events/fleet-events.js';

const T0 = Date.UTC(2026, 8, 1, 12);

/** Events oldest first, from [code, seconds after T0] pairs. */
function events(...steps: readonly (readonly [string, number])[]): FleetEventRecord[] {
  return steps.map(([code, seconds], i) => ({
    fleetId: 'fleet-1',
    region: 'us-west-2',
    event: { EventId: `e${i}`, EventCode: code as EventCode, EventTime: new Date(T0 + seconds * 1000) },
  }));
}

const at = (seconds: number) => new Date(T0 + seconds * 1000);

describe('creationTimeline', () => {
  it('is null without FLEET_CREATED', () => {
    expect(creationTimeline([])).toBeNull();
    expect(creationTimeline(events(['FLEET_STATE_ACTIVE', 5], ['FLEET_SCALING_EVENT', 9]))).toBeNull();
  });

  it('gives the phases of a successful creation, oldest first, the terminal one 0 s long', () => {
    const timeline = creationTimeline(
      events(
        ['FLEET_CREATED', 0],
        ['FLEET_STATE_DOWNLOADING', 10],
        ['FLEET_CREATION_EXTRACTING_BUILD', 20],
        ['FLEET_STATE_VALIDATING', 30.5],
        ['FLEET_STATE_BUILDING', 40],
        ['FLEET_STATE_ACTIVATING', 45],
        ['FLEET_STATE_ACTIVE', 60.25],
        ['FLEET_SCALING_EVENT', 100],
      ),
    );
    expect(timeline).toMatchObject({
      outcome: 'ACTIVE',
      durationSeconds: 60.25,
      phases: [
        { state: 'NEW', startedAt: at(0), endedAt: at(10), durationSeconds: 10 },
        { state: 'DOWNLOADING', startedAt: at(10), endedAt: at(30.5), durationSeconds: 20.5 },
        { state: 'VALIDATING', startedAt: at(30.5), endedAt: at(40), durationSeconds: 9.5 },
        { state: 'BUILDING', startedAt: at(40), endedAt: at(45), durationSeconds: 5 },
        { state: 'ACTIVATING', startedAt: at(45), endedAt: at(60.25), durationSeconds: 15.25 },
        { state: 'ACTIVE', startedAt: at(60.25), endedAt: at(60.25), durationSeconds: 0 },
      ],
    });
    // The creation's own events: from FLEET_CREATED through FLEET_STATE_ACTIVE, not what came after.
    expect(timeline?.events.map((record) => record.event.EventCode)).toEqual([
      'FLEET_CREATED',
      'FLEET_STATE_DOWNLOADING',
      'FLEET_CREATION_EXTRACTING_BUILD',
      'FLEET_STATE_VALIDATING',
      'FLEET_STATE_BUILDING',
      'FLEET_STATE_ACTIVATING',
      'FLEET_STATE_ACTIVE',
    ]);
  });

  it('leaves the current phase open while in progress', () => {
    expect(creationTimeline(events(['FLEET_CREATED', 0]))).toMatchObject({
      outcome: 'IN_PROGRESS',
      durationSeconds: null,
      phases: [{ state: 'NEW', startedAt: at(0), endedAt: null, durationSeconds: null }],
    });
    expect(creationTimeline(events(['FLEET_CREATED', 0], ['FLEET_STATE_DOWNLOADING', 3]))?.phases).toEqual([
      { state: 'NEW', startedAt: at(0), endedAt: at(3), durationSeconds: 3 },
      { state: 'DOWNLOADING', startedAt: at(3), endedAt: null, durationSeconds: null },
    ]);
  });

  it('follows only the latest FLEET_CREATED, and stops at the first ACTIVE or ERROR', () => {
    const timeline = creationTimeline(
      events(
        ['FLEET_CREATED', 0],
        ['FLEET_STATE_ERROR', 5],
        ['FLEET_CREATED', 100],
        ['FLEET_STATE_ACTIVATING', 110],
        ['FLEET_STATE_ERROR', 120],
        ['FLEET_STATE_ACTIVE', 130],
      ),
    );
    expect(timeline?.outcome).toBe('ERROR');
    expect(timeline?.durationSeconds).toBe(20);
    expect(timeline?.phases.map((phase) => phase.state)).toEqual(['NEW', 'ACTIVATING', 'ERROR']);
  });

  it('ignores repeated states and states outside creation', () => {
    const timeline = creationTimeline(
      events(
        ['FLEET_CREATED', 0],
        ['FLEET_STATE_PENDING', 1],
        ['FLEET_STATE_DOWNLOADING', 2],
        ['FLEET_STATE_DOWNLOADING', 3],
        ['FLEET_STATE_UPDATING', 4],
      ),
    );
    expect(timeline?.phases).toEqual([
      { state: 'NEW', startedAt: at(0), endedAt: at(2), durationSeconds: 2 },
      { state: 'DOWNLOADING', startedAt: at(2), endedAt: null, durationSeconds: null },
    ]);
  });
});

describe('creationDiagnosis', () => {
  const failed = (...steps: readonly (readonly [string, number])[]) => creationDiagnosis(creationTimeline(events(...steps)));

  it('is null unless the creation ended in ERROR', () => {
    expect(creationDiagnosis(null)).toBeNull();
    expect(failed(['FLEET_CREATED', 0])).toBeNull();
    expect(failed(['FLEET_CREATED', 0], ['FLEET_VALIDATION_TIMED_OUT', 1])).toBeNull();
    expect(failed(['FLEET_CREATED', 0], ['FLEET_ACTIVATION_FAILED', 1], ['FLEET_STATE_ACTIVE', 2])).toBeNull();
  });

  it('names the first documented failure after the latest FLEET_CREATED, in the phase it came in', () => {
    const diagnosis = failed(
      ['FLEET_CREATED', 0],
      ['FLEET_STATE_DOWNLOADING', 1],
      ['FLEET_STATE_VALIDATING', 2],
      ['FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', 3],
      ['FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', 4],
      ['FLEET_VALIDATION_TIMED_OUT', 5],
      ['FLEET_STATE_ERROR', 6],
    );
    expect(diagnosis).toMatchObject({ code: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', phase: 'VALIDATING' });
    expect(diagnosis?.failureEvent.event.EventId).toBe('e4');
  });

  it('ignores failures of an earlier creation', () => {
    const diagnosis = failed(
      ['FLEET_CREATED', 0],
      ['FLEET_BINARY_DOWNLOAD_FAILED', 1],
      ['FLEET_CREATED', 10],
      ['FLEET_VPC_PEERING_FAILED', 11],
      ['FLEET_STATE_ERROR', 12],
    );
    expect(diagnosis).toMatchObject({ code: 'FLEET_VPC_PEERING_FAILED', phase: 'NEW' });
  });

  it('falls back to FLEET_STATE_ERROR, in the phase it ended, when nothing more specific came before it', () => {
    const diagnosis = failed(['FLEET_CREATED', 0], ['FLEET_STATE_ACTIVATING', 1], ['FLEET_STATE_ERROR', 2], ['FLEET_ACTIVATION_FAILED', 3]);
    expect(diagnosis).toMatchObject({ code: 'FLEET_STATE_ERROR', phase: 'ACTIVATING' });
    expect(diagnosis?.failureEvent.event.EventId).toBe('e2');
  });
});

describe('failureAdvice', () => {
  it.each([...CREATION_FAILURE_CODES, 'FLEET_STATE_ERROR' as const])('explains %s and ends its hint with the AWS guide', (code) => {
    const { explanation, hint } = failureAdvice(code);
    expect(explanation.length).toBeGreaterThan(20);
    expect(hint.endsWith(CREATION_TROUBLESHOOTING_URL)).toBe(true);
    expect(CREATION_TROUBLESHOOTING_URL).toBe('https://docs.aws.amazon.com/gamelift/latest/developerguide/fleets-creating-debug.html');
  });

  it('says what to check for each cause', () => {
    expect(failureAdvice('FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND').hint).toMatch(/launch path must match the build's folder layout/);
    expect(failureAdvice('FLEET_CREATION_FAILED_INSTALLER').hint).toMatch(/exit code/);
    expect(failureAdvice('FLEET_VALIDATION_TIMED_OUT').hint).toMatch(/ProcessReady within 5 minutes/);
    expect(failureAdvice('FLEET_ACTIVATION_FAILED_NO_INSTANCES').hint).toMatch(/instance limits.*available/s);
    expect(failureAdvice('FLEET_VPC_PEERING_FAILED').hint).toMatch(/authorized the peering/);
  });
});
