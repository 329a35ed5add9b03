import { newApiKey } from '../../src/auth/api-keys.js';

/** Two clients of one gateway with different credentials: one misbehaves, the other measures. */
export const attacker = newApiKey('attacker');
export const victim = newApiKey('victim');

/** A FleetEvent's global id, as the API mints it. */
export function fleetEventId(fleetId: string, eventTime: number, eventId: string): string {
  return Buffer.from(`FleetEvent:${JSON.stringify([fleetId, eventTime, eventId])}`).toString('base64');
}
