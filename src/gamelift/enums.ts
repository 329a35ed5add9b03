import { ComputeType, EventCode, FleetStatus, FleetType } from '@aws-sdk/client-gamelift';

/**
 * Values of the AWS enums the gateway mirrors, as this SDK version knows them. AWS adds values
 * over time (FLEET_EXPIRED arrived in 2026), so callers must tolerate values outside these lists.
 */
export const knownEventCodes: readonly string[] = Object.values(EventCode);
export const knownFleetStatuses: readonly string[] = Object.values(FleetStatus);
export const knownFleetTypes: readonly string[] = Object.values(FleetType);
export const knownComputeTypes: readonly string[] = Object.values(ComputeType);
