import type { Operation } from './context.js';
import { describeFleetAttributes } from './describe-fleet-attributes.js';
import { describeFleetEvents } from './describe-fleet-events.js';
import { listFleets } from './list-fleets.js';

/** The GameLift operations the simulator answers, by X-Amz-Target operation name. */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map([
  ['ListFleets', listFleets],
  ['DescribeFleetAttributes', describeFleetAttributes],
  ['DescribeFleetEvents', describeFleetEvents],
]);
