import type { Event } from '@aws-sdk/client-gamelift';
import type { GatewayError } from '../errors.js';
import type { FleetEventRecord } from '../events/fleet-events.js';
import type { WatermarkState } from './watermark.js';

/** An event as a live engine carries it: of one Region's engine, which the schema names. */
export type LiveEventRecord = Omit<FleetEventRecord, 'region'>;

/** What a live stream carries: an event, or an upstream error (`final` ends the stream). */
export type LiveItem =
  | { readonly kind: 'event'; readonly record: LiveEventRecord }
  | { readonly kind: 'error'; readonly error: GatewayError; readonly final: boolean };

/** An item on its way to a replica's subscribers, from a poller of its own or the shared stream. */
export interface LiveEntry {
  readonly item: LiveItem;
  /** When the poll that found it got its answer (epoch ms): delivery lag is measured from here. */
  readonly foundAt: number;
  /**
   * Where the fleet's log had been followed to just before this event (shared stream only): a
   * replica that has not got that far missed something, and reads it from GameLift first.
   */
  readonly after?: WatermarkState;
}

/** Nothing follows a fleet's deletion: its streams end with this event. */
export const isDeletion = (event: Event): boolean => event.EventCode === 'FLEET_DELETED';

export const eventTime = (event: Event): number => event.EventTime?.getTime() ?? 0;
