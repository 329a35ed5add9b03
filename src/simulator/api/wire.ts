import type { SeedEvent, SeedFleetAttributes } from '../seed/index.js';

/** Epoch seconds with a millisecond fraction, the JSON form of a GameLift timestamp. */
const epochSeconds = (ms: number): number => ms / 1000;

export function wireFleetAttributes(attributes: SeedFleetAttributes): Record<string, unknown> {
  return {
    ...attributes,
    CreationTime: epochSeconds(attributes.CreationTime),
    ...(attributes.TerminationTime === undefined ? {} : { TerminationTime: epochSeconds(attributes.TerminationTime) }),
  };
}

export function wireEvent(event: SeedEvent, preSignedLogUrl: string | undefined): Record<string, unknown> {
  return {
    EventId: event.EventId,
    ResourceId: event.ResourceId,
    EventCode: event.EventCode,
    Message: event.Message,
    EventTime: epochSeconds(event.EventTime),
    ...(preSignedLogUrl === undefined ? {} : { PreSignedLogUrl: preSignedLogUrl }),
    ...(event.Count === undefined ? {} : { Count: event.Count }),
  };
}
