import type { KnownEventCode } from './event-codes.js';
import type { FleetPlan } from './plan.js';
import type { Rng } from './rng.js';

/** Which everyday events a fleet can produce depends on where its servers run. */
type Compute = 'on-demand' | 'spot' | 'anywhere';

interface Episode {
  readonly weight: number;
  readonly on: readonly Compute[];
  /** Codes of the events this episode writes, oldest first. */
  readonly codes: (rng: Rng) => readonly KnownEventCode[];
}

const EC2: readonly Compute[] = ['on-demand', 'spot'];
const ALL: readonly Compute[] = ['on-demand', 'spot', 'anywhere'];
const single = (code: KnownEventCode) => (): readonly KnownEventCode[] => [code];

/** Life after activation: mostly scaling and process trouble, occasionally multi-event episodes. */
const EPISODES: readonly Episode[] = [
  { weight: 30, on: EC2, codes: single('FLEET_SCALING_EVENT') },
  { weight: 14, on: ALL, codes: single('SERVER_PROCESS_CRASHED') },
  { weight: 6, on: ALL, codes: single('SERVER_PROCESS_TERMINATED_UNHEALTHY') },
  { weight: 3, on: ALL, codes: single('SERVER_PROCESS_FORCE_TERMINATED') },
  { weight: 3, on: ALL, codes: single('SERVER_PROCESS_PROCESS_EXIT_TIMEOUT') },
  { weight: 3, on: ALL, codes: single('SERVER_PROCESS_PROCESS_READY_TIMEOUT') },
  { weight: 2, on: ALL, codes: single('SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT') },
  { weight: 1, on: ALL, codes: single('SERVER_PROCESS_SDK_INITIALIZATION_FAILED') },
  { weight: 5, on: ALL, codes: single('GAME_SESSION_ACTIVATION_TIMEOUT') },
  { weight: 1, on: ALL, codes: single('GENERIC_EVENT') },
  { weight: 1, on: EC2, codes: single('SERVER_PROCESS_INVALID_PATH') },
  { weight: 4, on: EC2, codes: single('INSTANCE_RECYCLED') },
  { weight: 3, on: EC2, codes: single('INSTANCE_REPLACED_UNHEALTHY') },
  { weight: 1, on: EC2, codes: single('FLEET_NEW_GAME_SESSION_PROTECTION_POLICY_UPDATED') },
  { weight: 25, on: ['spot'], codes: single('INSTANCE_INTERRUPTED') },
  { weight: 6, on: ['anywhere'], codes: single('COMPUTE_LOG_UPLOAD_FAILED') },
  {
    weight: 1,
    on: EC2,
    codes: (rng) => [rng.pick(['FLEET_VPC_PEERING_SUCCEEDED', 'FLEET_VPC_PEERING_SUCCEEDED', 'FLEET_VPC_PEERING_FAILED', 'FLEET_VPC_PEERING_DELETED'])],
  },
  {
    weight: 0.6,
    on: EC2,
    codes: () => ['LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_CREATED', 'LOCATION_STATE_ACTIVATING', 'LOCATION_STATE_ACTIVE'],
  },
  { weight: 0.3, on: EC2, codes: () => ['LOCATION_STATE_PENDING', 'LOCATION_STATE_CREATING', 'LOCATION_STATE_ERROR'] },
  { weight: 0.3, on: EC2, codes: () => ['LOCATION_STATE_UPDATING', 'LOCATION_STATE_ACTIVE'] },
  { weight: 0.3, on: EC2, codes: () => ['LOCATION_STATE_DELETING', 'LOCATION_STATE_DELETED'] },
];

function computeOf(plan: FleetPlan): Compute {
  if (plan.runtime.kind === 'anywhere') return 'anywhere';
  return plan.fleetType === 'SPOT' ? 'spot' : 'on-demand';
}

/** Exactly `count` activity event codes, oldest first; a trailing episode is cut short to fit. */
export function activityCodes(plan: FleetPlan, count: number, rng: Rng): KnownEventCode[] {
  const compute = computeOf(plan);
  const episodes = EPISODES.filter((episode) => episode.on.includes(compute));
  const total = episodes.reduce((sum, episode) => sum + episode.weight, 0);
  const codes: KnownEventCode[] = [];
  while (codes.length < count) {
    let ticket = rng.next() * total;
    const episode = episodes.find((candidate) => (ticket -= candidate.weight) < 0) ?? episodes[episodes.length - 1];
    if (episode) codes.push(...episode.codes(rng));
  }
  return codes.slice(0, count);
}
