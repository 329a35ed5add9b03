import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES, readBody } from '../http/body.js';
import { reply, replyJson } from '../http/reply.js';
import { badInput, ControlError } from './control-error.js';
import type { LiveFleets } from './live-fleets.js';

/** What the control API changes: fleets created, appended to, deleted. */
export type FleetControl = Pick<LiveFleets, 'create' | 'append' | 'delete'>;

/** `/_simulator/fleets`, `/_simulator/fleets/<fleet>` and `/_simulator/fleets/<fleet>/events`. */
const FLEET_ROUTE = /^\/_simulator\/fleets(?:\/([^/]+)(\/events)?)?$/;

export const isFleetControlPath = (path: string): boolean => FLEET_ROUTE.test(path);

/** The body is over MAX_BODY_BYTES: 413. */
class BodyTooLarge extends Error {}
/** The client hung up mid-body: nobody is left to answer. */
class ClientGone extends Error {}

/** The JSON body of a control call; an empty body is `{}`, as on the API. */
async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const body = await readBody(request).catch(() => {
    throw new ClientGone();
  });
  if (body.tooLarge) throw new BodyTooLarge();
  if (body.bytes.length === 0) return {};
  try {
    return JSON.parse(body.bytes.toString('utf8'));
  } catch (error) {
    throw badInput(`Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** A fleet id or ARN from the path; an ARN's '/' arrives percent-encoded. */
function fleetReference(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw badInput(`Fleet reference ${segment} is not valid percent-encoding`);
  }
}

async function control(request: IncomingMessage, response: ServerResponse, fleets: FleetControl, segment: string | undefined, events: boolean): Promise<void> {
  const { method } = request;
  if (segment === undefined && method === 'POST') return replyJson(response, 201, fleets.create(await jsonBody(request)));
  if (segment !== undefined && events && method === 'POST') {
    const body = await jsonBody(request);
    const input = typeof body === 'object' && body !== null && !Array.isArray(body) && 'events' in body ? body.events : undefined;
    if (input === undefined) throw badInput('Request body must be a JSON object {"events": [...]}');
    return replyJson(response, 201, { events: fleets.append(fleetReference(segment), input) });
  }
  if (segment !== undefined && !events && method === 'DELETE') {
    request.resume();
    fleets.delete(fleetReference(segment));
    return reply(response, 204, {});
  }
  request.resume();
  replyJson(response, 404, { message: `No route for ${method} ${request.url}` });
}

/**
 * The control API for out-of-process users (a CLI, gateway child processes in tests): the same
 * calls as sim.createFleet / appendEvents / deleteFleet, with JSON in and out. Refusals answer
 * `{ message }` with 400 (bad input), 404 (unknown fleet) or 413 (body over 1 MiB).
 */
export async function serveFleetControl(request: IncomingMessage, response: ServerResponse, path: string, fleets: FleetControl): Promise<void> {
  const [, segment, events] = FLEET_ROUTE.exec(path) ?? [];
  try {
    await control(request, response, fleets, segment, events !== undefined);
  } catch (error) {
    if (error instanceof ControlError) return replyJson(response, error.status, { message: error.message });
    if (error instanceof BodyTooLarge) return replyJson(response, 413, { message: `Request body exceeds ${MAX_BODY_BYTES} bytes` });
    if (error instanceof ClientGone) return void response.destroy();
    throw error;
  }
}
