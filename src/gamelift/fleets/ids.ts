/** Fleet identifiers as DescribeFleetEvents, DescribeFleetAttributes and ListFleets accept them. */
const FLEET_ID = /^[a-z]*fleet-[a-zA-Z0-9-]+$/;
const FLEET_ARN = /^arn:.*:[a-z]*fleet\/([a-z]*fleet-[a-zA-Z0-9-]+)$/;
const BUILD_ID_OR_ARN = /^(build-\S+|arn:.*:build\/build-\S+)$/;
const SCRIPT_ID_OR_ARN = /^(script-\S+|arn:.*:script\/script-\S+)$/;
const MAX_LENGTH = 512;

/** Checked here, not only upstream: one malformed id would fail a whole batched call. */
export function isFleetIdOrArn(value: string): boolean {
  return value.length <= MAX_LENGTH && (FLEET_ID.test(value) || FLEET_ARN.test(value));
}

/** The fleet id an id or ARN names. */
export function fleetIdOf(idOrArn: string): string {
  return FLEET_ARN.exec(idOrArn)?.[1] ?? idOrArn;
}

export function isBuildIdOrArn(value: string): boolean {
  return value.length <= MAX_LENGTH && BUILD_ID_OR_ARN.test(value);
}

export function isScriptIdOrArn(value: string): boolean {
  return value.length <= MAX_LENGTH && SCRIPT_ID_OR_ARN.test(value);
}
