import type { Rng } from './rng.js';

export const REGION = 'us-west-2';
export const ACCOUNT_ID = '123456789012';

/**
 * The seed's "present": the newest seeded event is shortly before this instant. Fixed so the data
 * never depends on when the simulator starts (the simulator's own clock is only used for URLs).
 */
export const SEED_NOW = Date.UTC(2026, 9, 1, 12, 0, 0);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

const arn = (resource: string, region = REGION): string => `arn:aws:gamelift:${region}:${ACCOUNT_ID}:${resource}`;
export const fleetArn = (fleetId: string, region = REGION): string => arn(`fleet/${fleetId}`, region);
/** The Region an ARN names: a fleet's home Region. */
export const regionOfArn = (resourceArn: string): string => resourceArn.split(':')[3] ?? REGION;
export const buildArn = (buildId: string): string => arn(`build/${buildId}`);
export const scriptArn = (scriptId: string): string => arn(`script/${scriptId}`);

export const instanceId = (rng: Rng): string => `i-0${rng.hex(16)}`;
/** A server process id, as events and logs name them. */
export const processId = (rng: Rng): number => rng.int(1_200, 64_000);
export const gameSessionArn = (rng: Rng, fleetId: string): string =>
  `arn:aws:gamelift:${REGION}::gamesession/${fleetId}/gsess-${rng.uuid()}`;
export const ipAddress = (rng: Rng): string => `10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
