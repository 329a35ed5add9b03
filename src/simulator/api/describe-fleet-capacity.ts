import type { Operation } from './context.js';
import { describeFleets } from './fleet-batch.js';

/** TERMINATED and ANYWHERE fleets have no capacity record, so they are left out like unknown ones. */
export const describeFleetCapacity: Operation = (input, context) => {
  const { records, nextToken } = describeFleets('DescribeFleetCapacity', input, context, (fleet) => fleet.capacity);
  return { FleetCapacity: records, ...nextToken };
};
