import type { Event } from '@aws-sdk/client-gamelift';
import { GatewayError, type GatewayErrorCode } from '../errors.js';
import type { LiveEntry } from './live-item.js';

/** An event as a stream entry holds it: GameLift's fields, the time as epoch ms. */
export function encodeEvent(event: Event): string {
  return JSON.stringify({ ...event, EventTime: event.EventTime?.getTime() });
}

export function encodeError(error: GatewayError, final: boolean): string {
  return JSON.stringify({ code: error.code, message: error.message, details: error.details, final });
}

/** A stream entry's fields (`e` event, `x` error, `f` found at, `a`/`ai` the watermark before it), or null if it is not one. */
export function decodeEntry(fields: readonly string[], fleetId: string): LiveEntry | null {
  const field = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) field.set(fields[i] as string, fields[i + 1] as string);
  const foundAt = Number(field.get('f') ?? Date.now());
  try {
    const event = field.get('e');
    if (event !== undefined) {
      const { EventTime: time, ...rest } = JSON.parse(event) as Omit<Event, 'EventTime'> & { EventTime?: number };
      const ids = JSON.parse(field.get('ai') ?? '[]') as unknown;
      return {
        item: { kind: 'event', record: { fleetId, event: { ...rest, ...(time === undefined ? {} : { EventTime: new Date(time) }) } } },
        foundAt,
        // Redis' cjson writes an empty list as {}.
        after: { time: Number(field.get('a')), ids: Array.isArray(ids) ? ids.map(String) : [] },
      };
    }
    const error = field.get('x');
    if (error !== undefined) {
      const parsed = JSON.parse(error) as { code: GatewayErrorCode; message: string; details?: Record<string, string | number | boolean>; final: boolean };
      return { item: { kind: 'error', error: new GatewayError(parsed.code, parsed.message, parsed.details ?? {}), final: parsed.final === true }, foundAt };
    }
  } catch {
    // Not an entry this gateway wrote: skipped.
  }
  return null;
}
