import { fleetBatch } from './batches.js';

/** DescribeFleetAttributes: what a fleet is (name, status, build, instance type, …). */
export const fleetAttributes = fleetBatch('DescribeFleetAttributes', (output) => output.FleetAttributes);

/** DescribeFleetCapacity: instance counts in the fleet's home Region. */
export const fleetCapacity = fleetBatch('DescribeFleetCapacity', (output) => output.FleetCapacity);

/** DescribeFleetUtilization: server processes, game and player sessions in the home Region. */
export const fleetUtilization = fleetBatch('DescribeFleetUtilization', (output) => output.FleetUtilization);
