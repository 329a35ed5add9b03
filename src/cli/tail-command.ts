import type { TailInvocation } from './arguments.js';
import { errorLine, eventLine } from './formatting.js';
import { executeSubscription } from './gateway-client.js';
import { FleetTailDocument, type FleetEventCode } from './generated.js';

/**
 * `fleetgraph tail FLEET_ID`: each event as a line (or a JSON object) as it comes, until the
 * fleet's FLEET_DELETED, the end of the stream, or Ctrl-C, all exit 0. Error
 * payloads go to stderr and the tail goes on; a stream that ends on one (NOT_FOUND) exits 1.
 */
export async function tailFleet({ connection, fleetId, since, eventCodes, json }: TailInvocation): Promise<number> {
  const interrupted = new AbortController();
  const interrupt = () => interrupted.abort();
  process.once('SIGINT', interrupt);
  let endedOnError = false;
  try {
    // The gateway checks the codes against its FleetEventCode enum.
    const variables = { fleetId, since, eventCodes: eventCodes as FleetEventCode[] | undefined };
    for await (const payload of executeSubscription(connection, FleetTailDocument, variables, interrupted.signal)) {
      const event = payload.data?.fleetEvents;
      if (event) process.stdout.write(`${json ? JSON.stringify(event) : eventLine(event)}\n`);
      const errors = payload.errors ?? [];
      for (const error of errors) process.stderr.write(`${errorLine(error)}\n`);
      endedOnError = !event && errors.length > 0;
      // A fleet's last event. The gateway ends the stream after it, but not when a `since` replay
      // of an already deleted fleet delivers it: nothing can follow either way.
      if (event?.eventCode === 'FLEET_DELETED') break;
    }
  } finally {
    process.off('SIGINT', interrupt);
  }
  return endedOnError && !interrupted.signal.aborted ? 1 : 0;
}
