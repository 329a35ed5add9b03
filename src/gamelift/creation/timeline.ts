/**
 * A fleet's latest creation as its events tell it: the phases it went through, how it ended,
 * and, for a failed one, the event that says why. Pure functions of the events (oldest first);
 * reading them is events.ts's job.
 */
import type { FleetEventRecord } from '../events/fleet-events.js';

export const CREATION_STATES = ['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING', 'ACTIVE', 'ERROR'] as const;
export type CreationState = (typeof CREATION_STATES)[number];

export const CREATION_OUTCOMES = ['ACTIVE', 'ERROR', 'IN_PROGRESS'] as const;
export type CreationOutcome = (typeof CREATION_OUTCOMES)[number];

/**
 * The codes GameLift documents for a failed creation step, most specific first in meaning:
 * FLEET_STATE_ERROR only says that the fleet failed, so it is the failure event only when none
 * of these came before it.
 */
export const CREATION_FAILURE_CODES = [
  'FLEET_BINARY_DOWNLOAD_FAILED',
  'FLEET_CREATION_FAILED_INSTALLER',
  'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND',
  'FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE',
  'FLEET_VALIDATION_TIMED_OUT',
  'FLEET_ACTIVATION_FAILED',
  'FLEET_ACTIVATION_FAILED_NO_INSTANCES',
  'FLEET_INITIALIZATION_FAILED',
  'FLEET_VPC_PEERING_FAILED',
] as const;
export type CreationFailureCode = (typeof CREATION_FAILURE_CODES)[number] | 'FLEET_STATE_ERROR';

const CREATED = 'FLEET_CREATED';
const STATE_PREFIX = 'FLEET_STATE_';
const TERMINAL: ReadonlySet<CreationState> = new Set(['ACTIVE', 'ERROR']);
const FAILURE_CODES: ReadonlySet<string> = new Set(CREATION_FAILURE_CODES);

export interface CreationPhase {
  readonly state: CreationState;
  readonly startedAt: Date;
  /** Null while the phase is current; equal to `startedAt` for the terminal ACTIVE or ERROR phase. */
  readonly endedAt: Date | null;
  readonly durationSeconds: number | null;
}

export interface CreationTimeline {
  /** Oldest first; NEW starts at FLEET_CREATED. */
  readonly phases: readonly CreationPhase[];
  readonly outcome: CreationOutcome;
  /** From FLEET_CREATED to FLEET_STATE_ACTIVE or FLEET_STATE_ERROR; null while in progress. */
  readonly durationSeconds: number | null;
  /** The creation's events, FLEET_CREATED first, through the terminal state change if any. */
  readonly events: readonly FleetEventRecord[];
}

export interface CreationDiagnosis {
  readonly failureEvent: FleetEventRecord;
  readonly code: CreationFailureCode;
  /** The phase that was current when the failure event came (for FLEET_STATE_ERROR: the phase it ended). */
  readonly phase: CreationState;
}

const codeOf = (record: FleetEventRecord): string => record.event.EventCode ?? '';
const timeOf = (record: FleetEventRecord): Date => record.event.EventTime ?? new Date(0);
const secondsBetween = (from: Date, to: Date): number => (to.getTime() - from.getTime()) / 1000;

/** The creation state a FLEET_STATE_* event moves the fleet to; undefined for other events and other states. */
function stateAfter(record: FleetEventRecord): CreationState | undefined {
  const code = codeOf(record);
  if (!code.startsWith(STATE_PREFIX)) return undefined;
  const state = code.slice(STATE_PREFIX.length);
  return (CREATION_STATES as readonly string[]).includes(state) ? (state as CreationState) : undefined;
}

/**
 * The latest creation in `events` (oldest first): null without a FLEET_CREATED. Phases follow
 * the FLEET_STATE_* events after the latest FLEET_CREATED up to the first ACTIVE or ERROR; a
 * state event that repeats the current state, or names a state outside creation (e.g. a
 * container fleet's PENDING), starts no phase; every other event leaves the phases alone.
 */
export function creationTimeline(events: readonly FleetEventRecord[]): CreationTimeline | null {
  const start = events.findLastIndex((record) => codeOf(record) === CREATED);
  const created = events[start];
  if (!created) return null;
  const starts: { state: CreationState; at: Date }[] = [{ state: 'NEW', at: timeOf(created) }];
  let end = events.length;
  for (let i = start + 1; i < events.length; i++) {
    const record = events[i] as FleetEventRecord;
    const state = stateAfter(record);
    if (state === undefined || state === starts.at(-1)?.state) continue;
    starts.push({ state, at: timeOf(record) });
    if (TERMINAL.has(state)) {
      end = i + 1;
      break;
    }
  }
  const phases = starts.map(({ state, at }, i): CreationPhase => {
    const endedAt = TERMINAL.has(state) ? at : (starts[i + 1]?.at ?? null);
    return { state, startedAt: at, endedAt, durationSeconds: endedAt && secondsBetween(at, endedAt) };
  });
  const last = phases.at(-1) as CreationPhase;
  const ended = TERMINAL.has(last.state);
  return {
    phases,
    outcome: ended ? (last.state as CreationOutcome) : 'IN_PROGRESS',
    durationSeconds: ended ? secondsBetween(timeOf(created), last.startedAt) : null,
    events: events.slice(start, end),
  };
}

/**
 * Why a failed creation failed: null unless its outcome is ERROR. The failure event is the first
 * of the creation's events with a documented failure code, or its FLEET_STATE_ERROR when none
 * came before that.
 */
export function creationDiagnosis(timeline: CreationTimeline | null): CreationDiagnosis | null {
  if (timeline?.outcome !== 'ERROR') return null;
  let phase: CreationState = 'NEW';
  for (const record of timeline.events) {
    const code = codeOf(record);
    if (FAILURE_CODES.has(code)) return { failureEvent: record, code: code as CreationFailureCode, phase };
    const state = stateAfter(record);
    if (state === 'ERROR') return { failureEvent: record, code: 'FLEET_STATE_ERROR', phase };
    if (state !== undefined) phase = state;
  }
  return null;
}
