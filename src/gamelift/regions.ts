/** AWS Region names as GameLift has them: us-west-2, eu-central-1, ap-northeast-1, us-gov-west-1. */
const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export function isRegionName(value: string): boolean {
  return value.length <= 32 && REGION_NAME.test(value);
}

/** The Region an ARN names (`arn:aws:gamelift:<region>:<account>:fleet/…`); undefined for a bare id. */
export function regionOfArn(idOrArn: string): string | undefined {
  const region = /^arn:[^:]+:gamelift:([^:]*):/.exec(idOrArn)?.[1];
  return region || undefined;
}

/** The Regions one gateway serves: GAMELIFT_REGIONS in order, and the one ids and cursors without a Region mean. */
export interface RegionSet {
  readonly all: readonly string[];
  /** AWS_REGION (the SDK's Region) when it is served, else the first served. */
  readonly default: string;
}
