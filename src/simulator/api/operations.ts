import type { Operation } from './context.js';
import { describeFleetAttributes } from './describe-fleet-attributes.js';
import { describeFleetCapacity } from './describe-fleet-capacity.js';
import { describeFleetEvents } from './describe-fleet-events.js';
import { describeFleetLocationAttributes, describeFleetLocationCapacity, describeFleetLocationUtilization } from './describe-fleet-locations.js';
import { describeFleetUtilization } from './describe-fleet-utilization.js';
import { listFleets } from './list-fleets.js';

/** The GameLift operations the simulator answers, by X-Amz-Target operation name. */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ['ListFleets', listFleets],
  ['DescribeFleetAttributes', describeFleetAttributes],
  ['DescribeFleetCapacity', describeFleetCapacity],
  ['DescribeFleetUtilization', describeFleetUtilization],
  ['DescribeFleetEvents', describeFleetEvents],
  ['DescribeFleetLocationAttributes', describeFleetLocationAttributes],
  ['DescribeFleetLocationCapacity', describeFleetLocationCapacity],
  ['DescribeFleetLocationUtilization', describeFleetLocationUtilization],
]);
