import { ACCOUNT_ID, REGION, instanceId, processId } from './aws-ids.js';
import type { FailureEventCode } from './event-codes.js';
import { onInstance } from './games.js';
import {
  crashBeforeInitSdk,
  launchPathLog,
  LogWriter,
  outputOf,
  startValidationProcess,
  waitForInitSdk,
  type LogContext,
} from './logs.js';
import { describeUpload } from './plan.js';

type FailureContext = Omit<LogContext, 'special'>;

function vpcPeeringLog({ plan, rng, at }: FailureContext): string {
  const peering = `pcx-0${rng.hex(16)}`;
  const vpc = `vpc-0${rng.hex(16)}`;
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Creating the VPC of fleet ${plan.id} in ${REGION} (CIDR 10.0.0.0/16)`);
  log.line(`[gamelift] Requesting VPC peering connection ${peering} with ${vpc} of account ${ACCOUNT_ID}`);
  log.line(`[gamelift] Peer VPC ${vpc} CIDR blocks: 10.0.0.0/16, 10.1.0.0/16`, 200, 2_000);
  log.line(`[gamelift] VPC peering connection ${peering} failed: CIDR block 10.0.0.0/16 of ${vpc} overlaps the fleet's VPC`);
  return log.text();
}

function downloadLog({ plan, rng, at }: FailureContext): string {
  const upload = describeUpload(plan.runtime);
  const compressed = Math.round(plan.game.files.reduce((sum, [, bytes]) => sum + bytes, 0) * 0.62);
  const expected = rng.hex(64);
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Downloading ${upload} (${compressed} bytes compressed)`);
  for (let attempt = 1; attempt <= 3; attempt++) {
    log.line(`[gamelift] Attempt ${attempt}: archive checksum mismatch (expected sha256:${expected}, got sha256:${rng.hex(64)})`, 20_000, 90_000);
  }
  log.line(`[gamelift] Giving up after 3 attempts: the stored archive of ${upload} is corrupt; upload the build again`);
  return log.text();
}

function installerLog({ plan, rng, at }: FailureContext): string {
  const { game } = plan;
  const script = onInstance(game, game.installScript);
  const step = game.installSteps.at(-1) ?? script;
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Install script ${script} exited with code 1 after ${rng.int(8, 240)} s`);
  log.line(`[gamelift] Last command: ${step}`);
  for (const text of outputOf(step).failed) log.line(`[gamelift]   ${text}`, 0, 2);
  log.line('[gamelift] Fleet creation stopped: an install script must exit with code 0');
  return log.text();
}

function runtimeFailureLog({ plan, rng, at }: FailureContext): string {
  const { game } = plan;
  const pid = processId(rng);
  const log = new LogWriter(at, rng);
  startValidationProcess(log, game, pid);
  crashBeforeInitSdk(log, game, pid);
  log.line(`[gamelift] Validation failed: ${onInstance(game, game.launchPath)} cannot run on ${game.operatingSystem}; ship the missing library with the build or install it in the install script`);
  return log.text();
}

function validationTimeoutLog({ plan, rng, at }: FailureContext): string {
  const pid = processId(rng);
  const log = new LogWriter(at, rng);
  startValidationProcess(log, plan.game, pid);
  waitForInitSdk(log, pid);
  log.line(`[gamelift] Fleet validation timed out after 1200 s: process ${pid} never called InitSDK() or ProcessReady()`);
  return log.text();
}

function initializationLog({ plan, rng, at }: FailureContext): string {
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Initializing fleet ${plan.id} in ${REGION}`);
  log.line(`[gamelift] Assuming arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/gamelift.amazonaws.com/AWSServiceRoleForGameLift`);
  log.line('[gamelift] CreateVpc (CIDR 10.0.0.0/16): VpcLimitExceeded: The maximum number of VPCs has been reached.', 200, 2_000);
  log.line(`[gamelift] Fleet initialization failed: the GameLift service role could not create the fleet's VPC resources in ${REGION} (VpcLimitExceeded)`);
  return log.text();
}

function activationLog({ plan, rng, at }: FailureContext): string {
  const pids = [processId(rng), processId(rng)];
  const log = new LogWriter(at, rng);
  log.line(`[gamelift] Activating fleet ${plan.id} on instance ${instanceId(rng)}`);
  for (const pid of pids) log.line(`[gamelift] Process ${pid} started: ${onInstance(plan.game, plan.game.launchPath)}`, 200, 2_000);
  for (const pid of pids) log.line(`[gamelift] Process ${pid} called InitSDK() but not ProcessReady() within 600 s`, 300_000, 300_000);
  log.line('[gamelift] Fleet activation failed: no server process reported ProcessReady() within 600 s');
  return log.text();
}

function noInstancesLog({ plan, rng, at }: FailureContext): string {
  const type = plan.instanceType ?? 'the requested instance type';
  const log = new LogWriter(at, rng);
  for (const zone of ['a', 'b', 'c', 'd']) {
    log.line(
      `[gamelift] RunInstances ${type} in ${REGION}${zone}: InsufficientInstanceCapacity: We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${REGION}${zone}).`,
      1_000,
      30_000,
    );
  }
  log.line(`[gamelift] Fleet activation failed: no ${type} instances could be launched in ${REGION}; try another instance type or Region`);
  return log.text();
}

const WRITERS: Record<FailureEventCode, (context: FailureContext) => string> = {
  FLEET_VPC_PEERING_FAILED: vpcPeeringLog,
  FLEET_BINARY_DOWNLOAD_FAILED: downloadLog,
  FLEET_CREATION_FAILED_INSTALLER: installerLog,
  FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: launchPathLog,
  FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: runtimeFailureLog,
  FLEET_VALIDATION_TIMED_OUT: validationTimeoutLog,
  FLEET_INITIALIZATION_FAILED: initializationLog,
  FLEET_ACTIVATION_FAILED: activationLog,
  FLEET_ACTIVATION_FAILED_NO_INSTANCES: noInstancesLog,
};

/** The log of the event that ended a fleet's creation in ERROR; its last lines say why. */
export function failureLog(code: FailureEventCode, context: FailureContext): string {
  return WRITERS[code](context);
}
