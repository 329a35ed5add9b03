import { activityCodes } from './activity.js';
import { isLoggedCode, KNOWN_EVENT_CODES, type KnownEventCode } from './event-codes.js';
import { creationLog, type LogObject } from './logs.js';
import { Narrator, type FleetStory, type Narration } from './narrator.js';
import type { FailureMode, FleetPlan, FleetRuntime } from './plan.js';
import { Rng } from './rng.js';

export interface EventDraft extends Narration {
  readonly code: string;
  readonly time: number;
  readonly log?: LogObject;
}

export interface FleetHistory {
  /** Oldest first. */
  readonly events: readonly EventDraft[];
  /** Where the story ended, for attributes that must agree with it. */
  readonly story: FleetStory;
}

const BUILD_PIPELINE: readonly KnownEventCode[] = [
  'FLEET_CREATED',
  'FLEET_STATE_DOWNLOADING',
  'FLEET_CREATION_EXTRACTING_BUILD',
  'FLEET_CREATION_RUNNING_INSTALLER',
  'FLEET_CREATION_COMPLETED_INSTALLER',
  'FLEET_STATE_VALIDATING',
  'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG',
  'FLEET_STATE_BUILDING',
  'FLEET_STATE_ACTIVATING',
  'FLEET_STATE_ACTIVE',
];

/** The creation phases each kind of fleet goes through, in order. */
const PIPELINES: Record<FleetRuntime['kind'], readonly KnownEventCode[]> = {
  build: BUILD_PIPELINE,
  // Realtime scripts have no install script.
  script: BUILD_PIPELINE.filter((code) => !code.includes('INSTALLER')),
  // ANYWHERE compute is customer hardware: nothing to download or validate.
  anywhere: ['FLEET_CREATED', 'FLEET_STATE_ACTIVATING', 'FLEET_STATE_ACTIVE'],
};

/** The last creation event written so far by fleets still being created. */
const IN_PROGRESS_STOP: Readonly<Record<string, KnownEventCode>> = {
  NEW: 'FLEET_CREATED',
  DOWNLOADING: 'FLEET_STATE_DOWNLOADING',
  VALIDATING: 'FLEET_STATE_VALIDATING',
  BUILDING: 'FLEET_STATE_BUILDING',
  ACTIVATING: 'FLEET_STATE_ACTIVATING',
};

const FAILURE_PATHS: Record<FailureMode, { readonly after: KnownEventCode; readonly codes: readonly KnownEventCode[] }> = {
  INITIALIZATION: { after: 'FLEET_CREATED', codes: ['FLEET_INITIALIZATION_FAILED'] },
  BINARY_DOWNLOAD: { after: 'FLEET_STATE_DOWNLOADING', codes: ['FLEET_BINARY_DOWNLOAD_FAILED'] },
  INSTALLER: { after: 'FLEET_CREATION_RUNNING_INSTALLER', codes: ['FLEET_CREATION_FAILED_INSTALLER'] },
  LAUNCH_PATH: { after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', codes: ['FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND'] },
  EXECUTABLE_RUNTIME: { after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', codes: ['FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE'] },
  VALIDATION_TIMEOUT: {
    after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG',
    codes: ['SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT', 'FLEET_VALIDATION_TIMED_OUT'],
  },
  ACTIVATION: {
    after: 'FLEET_STATE_ACTIVATING',
    codes: ['SERVER_PROCESS_PROCESS_READY_TIMEOUT', 'SERVER_PROCESS_PROCESS_READY_TIMEOUT', 'FLEET_ACTIVATION_FAILED'],
  },
  NO_INSTANCES: { after: 'FLEET_STATE_ACTIVATING', codes: ['FLEET_ACTIVATION_FAILED_NO_INSTANCES'] },
};

/** A code newer than the API model, for FLEETS.futureCodes. */
const HIBERNATION_STARTED = 'FLEET_HIBERNATION_STARTED';

/** The newest event of fleets whose life went on after activity: deletion, expiry, hibernation. */
const CLOSINGS: Readonly<Record<string, (narrator: Narrator) => Narration & { readonly code: string }>> = {
  DELETING: (narrator) => ({ code: 'FLEET_DELETED', ...narrator.narrate('FLEET_DELETED') }),
  TERMINATED: (narrator) => ({ code: 'FLEET_DELETED', ...narrator.narrate('FLEET_DELETED') }),
  EXPIRED: (narrator) => ({ code: 'FLEET_EXPIRED', ...narrator.narrate('FLEET_EXPIRED') }),
  HIBERNATING: (narrator) => ({
    code: HIBERNATION_STARTED,
    message: `Fleet ${narrator.fleetId} is hibernating: instances stopped after 72 hours without game sessions; capacity resumes on the next scaling event.`,
  }),
};

function creationCodes(plan: FleetPlan): KnownEventCode[] {
  const pipeline = PIPELINES[plan.runtime.kind];
  const failure = plan.failure ? FAILURE_PATHS[plan.failure] : undefined;
  const stop = failure?.after ?? IN_PROGRESS_STOP[plan.status] ?? 'FLEET_STATE_ACTIVE';
  const end = pipeline.indexOf(stop);
  if (end < 0) throw new RangeError(`${plan.name}: a ${plan.runtime.kind} fleet never writes ${stop}`);
  const codes = pipeline.slice(0, end + 1);
  return failure ? [...codes, ...failure.codes, 'FLEET_STATE_ERROR'] : codes;
}

/** One event per known code the creation phase lacks, then back to ACTIVE: FLEETS.everyCode. */
const catalogueCodes = (creation: readonly KnownEventCode[]): KnownEventCode[] => [
  ...KNOWN_EVENT_CODES.filter((code) => !creation.includes(code)),
  'FLEET_STATE_ACTIVE',
];

/** `count` sorted instants in [from, to); some repeat their predecessor's exact millisecond. */
function spread(count: number, from: number, to: number, sameTimeShare: number, rng: Rng): number[] {
  const instants = Array.from({ length: count }, () => from + Math.floor(rng.next() * (to - from))).sort((a, b) => a - b);
  let previous = from;
  return instants.map((instant, i) => (previous = i > 0 && rng.chance(sameTimeShare) ? previous : instant));
}

/** A fleet's whole event history, oldest first, consistent with its final status. */
export function writeHistory(plan: FleetPlan): FleetHistory {
  const rng = Rng.forKey(`history:${plan.id}`);
  const narrator = new Narrator(plan, rng);
  if (plan.eventCount === 0) return { events: [], story: narrator.story };

  const events: EventDraft[] = [];
  const write = (code: KnownEventCode, time: number): void => {
    const log = isLoggedCode(code) ? creationLog(code, { plan, rng, at: time }) : undefined;
    events.push({ code, time, ...narrator.narrate(code), ...(log ? { log } : {}) });
  };

  const creation = creationCodes(plan);
  let clock = plan.createdAt;
  for (const code of creation) {
    write(code, clock);
    clock += rng.int(5_000, 180_000);
  }

  const closing = CLOSINGS[plan.status];
  if (creation.at(-1) === 'FLEET_STATE_ACTIVE') {
    const catalogue = plan.everyKnownCode ? catalogueCodes(creation) : [];
    const fixed = creation.length + catalogue.length + (closing ? 1 : 0);
    const activity = plan.eventCount === undefined ? plan.activityEvents : plan.eventCount - fixed;
    if (activity < 0) throw new RangeError(`${plan.name}: ${plan.eventCount} events cannot hold ${fixed} fixed ones`);
    const codes = [...catalogue, ...activityCodes(plan, activity, rng)];
    const times = spread(codes.length, clock, plan.endsAt, plan.sameTimeShare, rng);
    codes.forEach((code, i) => write(code, times[i] ?? plan.endsAt));
  }
  if (closing) events.push({ ...closing(narrator), time: plan.endsAt });

  if (plan.eventCount !== undefined && events.length !== plan.eventCount) {
    throw new RangeError(`${plan.name}: wrote ${events.length} events, planned ${plan.eventCount}`);
  }
  return { events, story: narrator.story };
}
