import { REGION, gameSessionArn, instanceId, ipAddress, processId } from './aws-ids.js';
import type { KnownEventCode } from './event-codes.js';
import { isWindows, onInstance } from './games.js';
import { describeUpload, type FleetPlan } from './plan.js';
import type { Rng } from './rng.js';

export interface Narration {
  readonly message: string;
  readonly count?: number;
}

/** What earlier events said, so later messages stay consistent with them. */
export interface FleetStory {
  fleetStatus: string;
  location: string;
  locationStatus: string;
  desiredInstances: number;
  readonly minInstances: number;
  readonly maxInstances: number;
  protection: 'NoProtection' | 'FullProtection';
  readonly instances: string[];
}

/** FLEET_DELETED's message, also written when a simulator deletes a fleet it has no story for. */
export const deletionMessage = (fleetId: string): string =>
  `Deletion of fleet ${fleetId} requested; game sessions are terminating and instances are being released.`;

const REMOTE_LOCATIONS = ['us-east-1', 'eu-west-1', 'ap-northeast-1', 'sa-east-1', 'eu-central-1'];

/**
 * Writes the Message of each event in a fleet's history, in order, tracking the state the story
 * has reached (status, capacity, instances) so that e.g. "changed state from X to Y" chains up.
 */
export class Narrator {
  readonly story: FleetStory;

  constructor(
    private readonly plan: FleetPlan,
    readonly rng: Rng,
  ) {
    const minInstances = rng.int(1, 2);
    this.story = {
      fleetStatus: 'NEW',
      location: rng.pick(REMOTE_LOCATIONS),
      locationStatus: 'ACTIVE',
      desiredInstances: rng.int(minInstances, 4),
      minInstances,
      maxInstances: rng.pick([10, 20, 40]),
      protection: rng.chance(0.5) ? 'FullProtection' : 'NoProtection',
      instances: [],
    };
  }

  narrate(code: KnownEventCode): Narration {
    return SCRIPT[code](this);
  }

  get fleetId(): string {
    return this.plan.id;
  }

  get launchPath(): string {
    return onInstance(this.plan.game, this.plan.game.launchPath);
  }

  get installScript(): string {
    return onInstance(this.plan.game, this.plan.game.installScript);
  }

  get instanceType(): string {
    return this.plan.instanceType ?? 'customer-managed hardware';
  }

  get upload(): string {
    return describeUpload(this.plan.runtime);
  }

  get windows(): boolean {
    return isWindows(this.plan.game);
  }

  /** One of the fleet's current instances (or compute names, on ANYWHERE fleets). */
  instance(): string {
    const { instances } = this.story;
    // Creation and validation happen on a single instance; scaling only starts once ACTIVE.
    const size = this.story.fleetStatus === 'ACTIVE' ? Math.max(1, this.story.desiredInstances) : 1;
    while (instances.length < size) instances.push(this.newInstance());
    return this.rng.pick(instances.slice(0, size));
  }

  /** Replaces `old` by a fresh instance and returns the newcomer. */
  replace(old: string): string {
    const fresh = this.newInstance();
    const { instances } = this.story;
    instances.splice(instances.indexOf(old), 1, fresh);
    return fresh;
  }

  pid(): number {
    return processId(this.rng);
  }

  fleetState(to: string): Narration {
    const from = this.story.fleetStatus;
    this.story.fleetStatus = to;
    return { message: `Fleet ${this.fleetId} changed state from ${from} to ${to}` };
  }

  locationState(to: string): Narration {
    let from = this.story.locationStatus;
    if (from === 'DELETED' || (from === 'ERROR' && to === 'UPDATING')) {
      // That location is gone or broken; the story moves on to another, healthy one.
      this.story.location = this.rng.pick(REMOTE_LOCATIONS.filter((location) => location !== this.story.location));
      from = 'ACTIVE';
    }
    this.story.locationStatus = to;
    if (to === 'PENDING') {
      this.story.location = this.rng.pick(REMOTE_LOCATIONS);
      return { message: `Location ${this.story.location} was added to fleet ${this.fleetId} and is PENDING` };
    }
    return { message: `Location ${this.story.location} of fleet ${this.fleetId} changed state from ${from} to ${to}` };
  }

  /** A few lone failures fold into one event with a Count, as GameLift does for repeats. */
  folded(message: string, share: number): Narration {
    return this.rng.chance(share) ? { message, count: this.rng.int(2, 101) } : { message };
  }

  private newInstance(): string {
    return this.plan.runtime.kind === 'anywhere'
      ? `${this.plan.name.replace(/^.*-anywhere-/, '')}-node${this.rng.int(1, 48).toString().padStart(2, '0')}`
      : instanceId(this.rng);
  }
}

const serverProcess = (n: Narrator): string => `Server process ${n.pid()} on ${n.instance()}`;

function scaling(n: Narrator): Narration {
  const { story } = n;
  const from = story.desiredInstances;
  let to = from;
  while (to === from) {
    to = Math.min(story.maxInstances, Math.max(story.minInstances, from + n.rng.int(-3, 4)));
  }
  story.desiredInstances = to;
  story.instances.splice(to);
  const cause = n.rng.chance(0.8)
    ? 'target-tracking policy "keep-20pct-available" (PercentAvailableGameSessions)'
    : 'UpdateFleetCapacity';
  return {
    message: `Desired instances changed from ${from} to ${to} (minimum ${story.minInstances}, maximum ${story.maxInstances}) by ${cause}.`,
  };
}

function protectionChange(n: Narrator): Narration {
  const { story } = n;
  const from = story.protection;
  story.protection = from === 'FullProtection' ? 'NoProtection' : 'FullProtection';
  return { message: `New game session protection policy changed from ${from} to ${story.protection}.` };
}

function recycled(n: Narrator, why: string): Narration {
  const old = n.instance();
  return { message: `Instance ${old} ${why} and was replaced by ${n.replace(old)}.` };
}

const peering = (n: Narrator): string => `VPC peering connection pcx-0${n.rng.hex(16)} between fleet ${n.fleetId} and vpc-0${n.rng.hex(16)}`;

/** One message writer per known code; the compiler checks none is missing. */
const SCRIPT: Record<KnownEventCode, (n: Narrator) => Narration> = {
  GENERIC_EVENT: (n) => ({
    message: n.rng.pick([
      `Fleet ${n.fleetId} metric group assignment updated.`,
      `Runtime configuration of fleet ${n.fleetId} updated: ${n.rng.int(2, 8)} concurrent server processes per instance.`,
      `Inbound permissions of fleet ${n.fleetId} updated: UDP 7777-7800 from 0.0.0.0/0.`,
    ]),
  }),
  FLEET_CREATED: (n) => ({ message: `Fleet ${n.fleetId} created with status NEW: ${n.upload}, ${n.instanceType}.` }),
  FLEET_DELETED: (n) => ({ message: deletionMessage(n.fleetId) }),
  FLEET_EXPIRED: (n) => ({ message: `Fleet ${n.fleetId} reached the end of its ${n.rng.pick([14, 30])}-day lifetime and expired.` }),
  FLEET_SCALING_EVENT: scaling,
  FLEET_STATE_DOWNLOADING: (n) => n.fleetState('DOWNLOADING'),
  FLEET_STATE_VALIDATING: (n) => n.fleetState('VALIDATING'),
  FLEET_STATE_BUILDING: (n) => n.fleetState('BUILDING'),
  FLEET_STATE_ACTIVATING: (n) => n.fleetState('ACTIVATING'),
  FLEET_STATE_ACTIVE: (n) => n.fleetState('ACTIVE'),
  FLEET_STATE_ERROR: (n) => n.fleetState('ERROR'),
  FLEET_STATE_PENDING: (n) => n.fleetState('PENDING'),
  FLEET_STATE_CREATING: (n) => n.fleetState('CREATING'),
  FLEET_STATE_CREATED: (n) => n.fleetState('CREATED'),
  FLEET_STATE_UPDATING: (n) => n.fleetState('UPDATING'),
  FLEET_INITIALIZATION_FAILED: (n) => ({
    message: `Fleet ${n.fleetId} failed to initialize: the GameLift service role could not create the fleet's VPC resources in ${REGION} (VpcLimitExceeded).`,
  }),
  FLEET_BINARY_DOWNLOAD_FAILED: (n) => ({
    message: `Failed to download ${n.upload} to instance ${n.instance()}: archive checksum mismatch after 3 attempts.`,
  }),
  FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: (n) => ({
    message: `Launch path ${n.launchPath} was not found on instance ${n.instance()}. Check the runtime configuration against the build's directory layout.`,
  }),
  FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: (n) => ({
    message: n.windows
      ? `Server process ${n.launchPath} exited with code -1073741515 (0xC0000135, a required DLL was not found) during validation.`
      : `Server process ${n.launchPath} exited with code 127 during validation: error while loading shared libraries: libicuuc.so.72: cannot open shared object file.`,
  }),
  FLEET_VALIDATION_TIMED_OUT: () => ({ message: 'Fleet validation timed out after 1200 seconds: no server process called ProcessReady().' }),
  FLEET_ACTIVATION_FAILED: (n) => ({
    message: `Fleet ${n.fleetId} failed to activate: no server process reported ProcessReady() within 600 seconds on ${n.story.desiredInstances} instance(s).`,
  }),
  FLEET_ACTIVATION_FAILED_NO_INSTANCES: (n) => ({
    message: `Fleet ${n.fleetId} failed to activate: no ${n.instanceType} instances could be launched in ${REGION} (InsufficientInstanceCapacity).`,
  }),
  FLEET_NEW_GAME_SESSION_PROTECTION_POLICY_UPDATED: protectionChange,
  SERVER_PROCESS_INVALID_PATH: (n) =>
    n.folded(`${serverProcess(n)} could not start: launch path ${n.launchPath.replace(/(\.exe)?$/, '_old$1')} is invalid.`, 0.5),
  SERVER_PROCESS_SDK_INITIALIZATION_TIMEOUT: (n) => ({ message: `${serverProcess(n)} did not call InitSDK() within 5 minutes of launch.` }),
  SERVER_PROCESS_PROCESS_READY_TIMEOUT: (n) => ({ message: `${serverProcess(n)} did not call ProcessReady() within 5 minutes of InitSDK().` }),
  SERVER_PROCESS_CRASHED: (n) =>
    n.folded(
      `${serverProcess(n)} exited without calling ProcessEnding() (${n.windows ? 'exit code -1073741819, access violation' : 'signal 11, SIGSEGV'}).`,
      0.3,
    ),
  SERVER_PROCESS_TERMINATED_UNHEALTHY: (n) => ({ message: `${serverProcess(n)} was terminated after 3 consecutive failed health checks.` }),
  SERVER_PROCESS_FORCE_TERMINATED: (n) => ({ message: `${serverProcess(n)} was force-terminated: it did not exit within 5 minutes of OnProcessTerminate().` }),
  SERVER_PROCESS_PROCESS_EXIT_TIMEOUT: (n) => ({ message: `${serverProcess(n)} did not exit within 30 seconds after calling ProcessEnding().` }),
  SERVER_PROCESS_SDK_INITIALIZATION_FAILED: (n) => ({
    message: `${serverProcess(n)} failed InitSDK(): the GameLift agent at ${ipAddress(n.rng)} refused the connection (invalid auth token).`,
  }),
  SERVER_PROCESS_MISCONFIGURED_CONTAINER_PORT: (n) => ({
    message: `${serverProcess(n)} listens on port 7777/UDP, which is outside the container port range 7780-7800 of container group "game-server".`,
  }),
  GAME_SESSION_ACTIVATION_TIMEOUT: (n) => ({
    message: `Game session ${gameSessionArn(n.rng, n.fleetId)} did not activate within 300 seconds: process ${n.pid()} on ${n.instance()} never called ActivateGameSession().`,
  }),
  FLEET_CREATION_EXTRACTING_BUILD: (n) => ({ message: `Extracting ${n.upload} on instance ${n.instance()}.` }),
  FLEET_CREATION_RUNNING_INSTALLER: (n) => ({ message: `Running install script ${n.installScript} on instance ${n.instance()}.` }),
  FLEET_CREATION_VALIDATING_RUNTIME_CONFIG: (n) => ({
    message: `Validating runtime configuration on instance ${n.instance()}: launch path ${n.launchPath}.`,
  }),
  FLEET_VPC_PEERING_SUCCEEDED: (n) => ({ message: `${peering(n)} is active.` }),
  FLEET_VPC_PEERING_FAILED: (n) => ({ message: `${peering(n)} failed: CIDR block 10.0.0.0/16 overlaps the fleet's VPC.` }),
  FLEET_VPC_PEERING_DELETED: (n) => ({ message: `${peering(n)} was deleted.` }),
  INSTANCE_INTERRUPTED: (n) => {
    const sessions = n.rng.int(0, 12);
    return recycled(n, `was interrupted by EC2 (Spot capacity reclaimed, ${sessions} game session(s) ended)`);
  },
  INSTANCE_RECYCLED: (n) => recycled(n, 'was recycled after 24 hours of service'),
  INSTANCE_REPLACED_UNHEALTHY: (n) => recycled(n, 'failed EC2 status checks'),
  FLEET_CREATION_COMPLETED_INSTALLER: (n) => ({ message: `Install script ${n.installScript} completed successfully in ${n.rng.int(8, 240)} seconds.` }),
  FLEET_CREATION_FAILED_INSTALLER: (n) => ({
    message: `Install script ${n.installScript} exited with code 1 after ${n.rng.int(8, 240)} seconds. See the FLEET_CREATION_RUNNING_INSTALLER log.`,
  }),
  COMPUTE_LOG_UPLOAD_FAILED: (n) => ({
    message: `Could not upload server process logs from compute ${n.instance()} to Amazon S3: the upload timed out after 3 attempts.`,
  }),
  GAME_SERVER_CONTAINER_GROUP_CRASHED: (n) => ({
    message: `Game server container group "game-server" on ${n.instance()} crashed: container "server" exited with code 137 (OOMKilled).`,
  }),
  PER_INSTANCE_CONTAINER_GROUP_CRASHED: (n) => ({
    message: `Per-instance container group "sidecars" on ${n.instance()} crashed: container "metrics-agent" exited with code 1.`,
  }),
  GAME_SERVER_CONTAINER_GROUP_REPLACED_UNHEALTHY: (n) => ({
    message: `Game server container group "game-server" on ${n.instance()} failed 3 health checks and was replaced.`,
  }),
  LOCATION_STATE_PENDING: (n) => n.locationState('PENDING'),
  LOCATION_STATE_CREATING: (n) => n.locationState('CREATING'),
  LOCATION_STATE_CREATED: (n) => n.locationState('CREATED'),
  LOCATION_STATE_ACTIVATING: (n) => n.locationState('ACTIVATING'),
  LOCATION_STATE_ACTIVE: (n) => n.locationState('ACTIVE'),
  LOCATION_STATE_UPDATING: (n) => n.locationState('UPDATING'),
  LOCATION_STATE_ERROR: (n) => n.locationState('ERROR'),
  LOCATION_STATE_DELETING: (n) => n.locationState('DELETING'),
  LOCATION_STATE_DELETED: (n) => n.locationState('DELETED'),
};
