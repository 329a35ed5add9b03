import {
  DescribeFleetAttributesCommand,
  DescribeFleetCapacityCommand,
  DescribeFleetEventsCommand,
  DescribeFleetLocationAttributesCommand,
  DescribeFleetLocationCapacityCommand,
  DescribeFleetLocationUtilizationCommand,
  DescribeFleetUtilizationCommand,
  ListFleetsCommand,
  type DescribeFleetAttributesCommandInput,
  type DescribeFleetAttributesCommandOutput,
  type DescribeFleetCapacityCommandInput,
  type DescribeFleetCapacityCommandOutput,
  type DescribeFleetEventsCommandInput,
  type DescribeFleetEventsCommandOutput,
  type DescribeFleetLocationAttributesCommandInput,
  type DescribeFleetLocationAttributesCommandOutput,
  type DescribeFleetLocationCapacityCommandInput,
  type DescribeFleetLocationCapacityCommandOutput,
  type DescribeFleetLocationUtilizationCommandInput,
  type DescribeFleetLocationUtilizationCommandOutput,
  type DescribeFleetUtilizationCommandInput,
  type DescribeFleetUtilizationCommandOutput,
  type ListFleetsCommandInput,
  type ListFleetsCommandOutput,
} from '@aws-sdk/client-gamelift';

/**
 * The GameLift operations the gateway calls, by their wire name. This table is the whole list:
 * a new operation is one line here, and from then on it passes through the one upstream path
 * (budget, coalescing, cache, metrics, error mapping) like every other.
 */
export const COMMANDS = {
  ListFleets: ListFleetsCommand,
  DescribeFleetAttributes: DescribeFleetAttributesCommand,
  DescribeFleetCapacity: DescribeFleetCapacityCommand,
  DescribeFleetUtilization: DescribeFleetUtilizationCommand,
  DescribeFleetEvents: DescribeFleetEventsCommand,
  DescribeFleetLocationAttributes: DescribeFleetLocationAttributesCommand,
  DescribeFleetLocationCapacity: DescribeFleetLocationCapacityCommand,
  DescribeFleetLocationUtilization: DescribeFleetLocationUtilizationCommand,
} as const;

export interface OperationShapes {
  ListFleets: [ListFleetsCommandInput, ListFleetsCommandOutput];
  DescribeFleetAttributes: [DescribeFleetAttributesCommandInput, DescribeFleetAttributesCommandOutput];
  DescribeFleetCapacity: [DescribeFleetCapacityCommandInput, DescribeFleetCapacityCommandOutput];
  DescribeFleetUtilization: [DescribeFleetUtilizationCommandInput, DescribeFleetUtilizationCommandOutput];
  DescribeFleetEvents: [DescribeFleetEventsCommandInput, DescribeFleetEventsCommandOutput];
  DescribeFleetLocationAttributes: [DescribeFleetLocationAttributesCommandInput, DescribeFleetLocationAttributesCommandOutput];
  DescribeFleetLocationCapacity: [DescribeFleetLocationCapacityCommandInput, DescribeFleetLocationCapacityCommandOutput];
  DescribeFleetLocationUtilization: [DescribeFleetLocationUtilizationCommandInput, DescribeFleetLocationUtilizationCommandOutput];
}

export type Operation = keyof typeof COMMANDS & keyof OperationShapes;
export type InputOf<Op extends Operation> = OperationShapes[Op][0];
/** What callers get: the SDK output without its per-response `$metadata`. */
export type OutputOf<Op extends Operation> = Omit<OperationShapes[Op][1], '$metadata'>;

export const OPERATIONS = Object.keys(COMMANDS) as Operation[];
