import type { Operation } from './context.js';
import { describeFleets } from './fleet-batch.js';

/** TERMINATED fleets have no utilization record, so they are left out like unknown ones. */
export const describeFleetUtilization: Operation = (input, context) => {
  const { records, nextToken } = describeFleets('DescribeFleetUtilization', input, context, (fleet) => fleet.utilization);
  return { FleetUtilization: records, ...nextToken };
};
