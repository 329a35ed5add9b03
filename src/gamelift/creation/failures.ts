/** What each documented fleet-creation failure means, and what to check, in plain language. */
import type { CreationFailureCode } from './timeline.js';

export const CREATION_TROUBLESHOOTING_URL = 'https://docs.aws.amazon.com/gamelift/latest/developerguide/fleets-creating-debug.html';

export interface FailureAdvice {
  /** What the failure means. */
  readonly explanation: string;
  /** What to check; ends with the AWS troubleshooting page. */
  readonly hint: string;
}

const advice = (explanation: string, check: string): FailureAdvice => ({
  explanation,
  hint: `${check} AWS troubleshooting guide: ${CREATION_TROUBLESHOOTING_URL}`,
});

const ADVICE: Readonly<Record<CreationFailureCode, FailureAdvice>> = {
  FLEET_BINARY_DOWNLOAD_FAILED: advice(
    "GameLift could not download the build's files to the fleet's instance, so nothing could be installed.",
    'Check that the build finished uploading (its status is READY) and is not corrupted: upload it again if in doubt. ' +
      "For a build uploaded from your own S3 bucket, check that the bucket is in the fleet's Region and that the role " +
      'given with the build may read the object. Then create the fleet again.',
  ),
  FLEET_CREATION_FAILED_INSTALLER: advice(
    "The build's install script (install.sh or install.bat) failed, so the build was not installed.",
    "Read the install script's output in the log: a non-zero exit code from the script, or from any command it runs, " +
      'fails the fleet. Make sure the script runs unattended (no prompts), uses paths under the install folder, and ' +
      "that what it installs exists for the fleet's operating system; run it on a clean machine of that OS to reproduce.",
  ),
  FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND: advice(
    "GameLift could not find the server executable at a launch path of the fleet's runtime configuration.",
    "The launch path must match the build's folder layout: /local/game/ (Linux) or C:\\game\\ (Windows) followed by " +
      "the executable's path inside the folder you uploaded. A common cause is an extra top-level folder (the folder " +
      'itself was zipped or uploaded instead of its contents); compare the path with the extracted layout in the ' +
      "FLEET_CREATION_EXTRACTING_BUILD log, and check the file name's case on Linux.",
  ),
  FLEET_VALIDATION_EXECUTABLE_RUNTIME_FAILURE: advice(
    'The server executable was found but failed when GameLift ran it to validate the build.',
    'Check that the file is executable on the fleet\'s operating system (execute permission on Linux), that its ' +
      'libraries and runtimes (e.g. Visual C++ redistributables) are in the build or installed by the install script, ' +
      'and that its launch parameters are valid; run it with the same parameters on a matching machine.',
  ),
  FLEET_VALIDATION_TIMED_OUT: advice(
    'The server process did not report ready in time, so validation gave up on it.',
    'The server must initialize the GameLift server SDK and call ProcessReady within 5 minutes of being launched. ' +
      'Check that ProcessReady is called on every start path, that loading before it is fast enough, and that nothing ' +
      'before it waits on a resource the instance cannot reach.',
  ),
  FLEET_ACTIVATION_FAILED: advice(
    'The fleet could not activate: its server processes did not start and report ready on its instances.',
    'Check the runtime configuration (launch paths, parameters, concurrent processes), that each server process calls ' +
      'ProcessReady within 5 minutes, and the SERVER_PROCESS_* events and server logs for crashes at start-up.',
  ),
  FLEET_ACTIVATION_FAILED_NO_INSTANCES: advice(
    'GameLift could not get any instance for the fleet, so it had nowhere to run game servers.',
    'Check your instance limits for this instance type in the Region (Service Quotas, "GameLift" service), and ' +
      "whether the instance type is available in the fleet's Region and locations; try another instance type, or " +
      'On-Demand instead of Spot.',
  ),
  FLEET_INITIALIZATION_FAILED: advice(
    "The fleet's instances failed to initialize before the build could be set up on them.",
    "Check the fleet's settings that apply at instance start: the instance role (it must trust gamelift.amazonaws.com), " +
      'the TLS certificate configuration, and your instance limits and the availability of the instance type; ' +
      'a transient AWS failure is also possible, so create the fleet again if the settings are right.',
  ),
  FLEET_VPC_PEERING_FAILED: advice(
    "The VPC peering connection requested for the fleet failed, so the fleet could not join your VPC's network.",
    'Check that the account owning the VPC authorized the peering (CreateVpcPeeringAuthorization) and that the ' +
      'authorization had not expired (it lasts 24 hours), that the VPC is in the fleet\'s Region, and that its CIDR ' +
      "block does not overlap the fleet's.",
  ),
  FLEET_STATE_ERROR: advice(
    'The fleet moved to ERROR without an event that names a more specific cause.',
    'Read the events just before it and the logs of the creation steps (FLEET_CREATION_* events): the last lines ' +
      'of the last step usually say what went wrong. Check the build, the runtime configuration and the instance type ' +
      'limits, then create the fleet again.',
  ),
};

export const failureAdvice = (code: CreationFailureCode): FailureAdvice => ADVICE[code];
