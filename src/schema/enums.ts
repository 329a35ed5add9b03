import { knownComputeTypes, knownEventCodes, knownFleetStatuses, knownFleetTypes } from '../gamelift/enums.js';
import { awsEnum } from './aws-enum.js';

export const FleetEventCode = awsEnum(
  'FleetEventCode',
  'The kind of a fleet event, as GameLift names it (for example FLEET_STATE_ACTIVE or SERVER_PROCESS_CRASHED).',
  knownEventCodes,
);

export const FleetStatus = awsEnum('FleetStatus', "A fleet's lifecycle state.", knownFleetStatuses);

export const FleetType = awsEnum('FleetType', 'Whether a fleet runs on On-Demand or Spot instances.', knownFleetTypes);

export const ComputeType = awsEnum(
  'ComputeType',
  'Where a fleet hosts its game servers: managed EC2 instances or customer-provided (Anywhere) compute.',
  knownComputeTypes,
);
