import type { Operation } from './context.js';
import { describeFleets } from './fleet-batch.js';
import { wireFleetAttributes } from './wire.js';

export const describeFleetAttributes: Operation = (input, context) => {
  const { records, nextToken } = describeFleets('DescribeFleetAttributes', input, context, (fleet) => wireFleetAttributes(fleet.attributes));
  return { FleetAttributes: records, ...nextToken };
};
