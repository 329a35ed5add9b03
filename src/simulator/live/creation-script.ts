import type { FailureEventCode, KnownEventCode } from '../seed/index.js';
import type { FailureMode } from '../seed/plan.js';
import type { FleetOutcome } from './inputs.js';

/** What GameLift writes while it creates a build fleet, one step per phase, oldest first. */
const PIPELINE: readonly KnownEventCode[] = [
  'FLEET_CREATED',
  'FLEET_STATE_DOWNLOADING',
  'FLEET_CREATION_EXTRACTING_BUILD',
  'FLEET_STATE_VALIDATING',
  'FLEET_CREATION_RUNNING_INSTALLER',
  'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG',
  'FLEET_STATE_BUILDING',
  'FLEET_STATE_ACTIVATING',
  'FLEET_STATE_ACTIVE',
];

/**
 * The step after which each failure strikes, and the seed's failure mode, which makes the logs
 * written before it tell the same story (e.g. a build extracted into an extra folder before its
 * launch path is not found).
 */
const FAILURES: Record<FailureEventCode, { readonly after: KnownEventCode; readonly mode?: FailureMode }> = {
  FLEET_VPC_PEERING_FAILED: { after: 'FLEET_CREATED' },
  FLEET_BINARY_DOWNLOAD_FAILED: { after: 'FLEET_STATE_DOWNLOADING', mode: 'BINARY_DOWNLOAD' },
  FLEET_CREATION_FAILED_INSTALLER: { after: 'FLEET_CREATION_RUNNING_INSTALLER', mode: 'INSTALLER' },
  FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: { after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', mode: 'LAUNCH_PATH' },
  FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: { after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', mode: 'EXECUTABLE_RUNTIME' },
  FLEET_VALIDATION_TIMED_OUT: { after: 'FLEET_CREATION_VALIDATING_RUNTIME_CONFIG', mode: 'VALIDATION_TIMEOUT' },
  FLEET_INITIALIZATION_FAILED: { after: 'FLEET_STATE_ACTIVATING', mode: 'INITIALIZATION' },
  FLEET_ACTIVATION_FAILED: { after: 'FLEET_STATE_ACTIVATING', mode: 'ACTIVATION' },
  FLEET_ACTIVATION_FAILED_NO_INSTANCES: { after: 'FLEET_STATE_ACTIVATING', mode: 'NO_INSTANCES' },
};

export const isFailureCode = (code: string): code is FailureEventCode => Object.hasOwn(FAILURES, code);

/** Every event a created fleet will write, oldest first: to ACTIVE, or to the failure and FLEET_STATE_ERROR. */
export function creationSteps(outcome: FleetOutcome): KnownEventCode[] {
  if (outcome === 'ACTIVE') return [...PIPELINE];
  return [...PIPELINE.slice(0, PIPELINE.indexOf(FAILURES[outcome].after) + 1), outcome, 'FLEET_STATE_ERROR'];
}

export const failureModeOf = (outcome: FleetOutcome): FailureMode | undefined => (outcome === 'ACTIVE' ? undefined : FAILURES[outcome].mode);
