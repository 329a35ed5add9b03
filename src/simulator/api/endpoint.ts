import { randomUUID } from 'node:crypto';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { arrivalTime } from '../call-log.js';
import type { ApiFault, FaultInjector } from '../faults.js';
import { MAX_BODY_BYTES, readBody, type RequestBody } from '../http/body.js';
import { reply } from '../http/reply.js';
import type { StatsRecorder } from '../stats.js';
import type { OperationContext } from './context.js';
import { ApiError } from './errors.js';
import { OPERATIONS } from './operations.js';
import { regionOfRequest, SEED_REGION } from '../regions.js';

export interface ApiEndpointDeps {
  /** What each Region the simulator serves holds, by Region. */
  readonly regions: ReadonlyMap<string, OperationContext>;
  readonly faults: FaultInjector;
  readonly stats: StatsRecorder;
  /** Aborts pending injected latency when the simulator closes. */
  readonly closing: AbortSignal;
}

interface Answer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly payload: unknown;
}

const TARGET_PREFIX = 'GameLift.';

const FAULT_ERRORS: Record<ApiFault, () => ApiError> = {
  ThrottlingException: () => new ApiError('ThrottlingException', 'Rate exceeded'),
  InternalServiceException: () =>
    new ApiError('InternalServiceException', 'The service encountered an unrecoverable internal failure while processing the request.', 500),
};

function parseInput(body: Buffer): Readonly<Record<string, unknown>> {
  if (body.length === 0) return {};
  let input: unknown;
  try {
    input = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new ApiError('SerializationException', `Request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError('SerializationException', 'Request body must be a JSON object');
  }
  return input as Readonly<Record<string, unknown>>;
}

/** The input, or the error to answer once the call is counted (a bad body is still a call). */
function parsedInput(body: Buffer): Readonly<Record<string, unknown>> | ApiError {
  try {
    return parseInput(body);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

/** Everything between the raw request and the JSON answer, in the order AWS front ends apply it. */
function invoke(request: IncomingMessage, body: RequestBody, arrivedAt: number, deps: ApiEndpointDeps): Record<string, unknown> {
  const target = request.headers['x-amz-target'];
  // GameLift tells Regions apart by endpoint; the simulator serves them all on one port, told apart by the SigV4 scope.
  const region = regionOfRequest(request.headers.authorization) ?? SEED_REGION;
  const name = typeof target === 'string' && target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  const operation = name === undefined ? undefined : OPERATIONS.get(name);
  if (name === undefined || operation === undefined) {
    const shown = typeof target === 'string' ? target.slice(0, 100) : '(missing X-Amz-Target)';
    throw new ApiError('UnknownOperationException', `Unknown operation ${shown}`);
  }
  const parsed = body.tooLarge ? null : parsedInput(body.bytes);
  const fleetId = parsed && !(parsed instanceof ApiError) ? parsed.FleetId : undefined;
  deps.stats.countCall(name, arrivedAt, region, typeof fleetId === 'string' ? fleetId : undefined);
  const context = deps.regions.get(region);
  // What AWS answers in a Region the account has not enabled.
  if (context === undefined) throw new ApiError('UnrecognizedClientException', 'The security token included in the request is invalid.');
  if (body.tooLarge) throw new ApiError('RequestEntityTooLargeException', `Request body exceeds ${MAX_BODY_BYTES} bytes`, 413);
  const fault = deps.faults.nextApiFault();
  if (fault) throw FAULT_ERRORS[fault]();
  if (parsed instanceof ApiError) throw parsed;
  return operation(parsed ?? {}, context);
}

const errorAnswer = (error: ApiError): Answer => ({
  status: error.status,
  headers: { 'x-amzn-ErrorType': error.type },
  payload: { __type: error.type, Message: error.message },
});

function answer(request: IncomingMessage, body: RequestBody, arrivedAt: number, deps: ApiEndpointDeps): Answer {
  try {
    return { status: 200, headers: {}, payload: invoke(request, body, arrivedAt, deps) };
  } catch (error) {
    if (error instanceof ApiError) return errorAnswer(error);
    throw error;
  }
}

function send(response: ServerResponse, { status, headers, payload }: Answer): void {
  reply(
    response,
    status,
    { 'Content-Type': 'application/x-amz-json-1.1', 'x-amzn-RequestId': randomUUID(), ...headers },
    JSON.stringify(payload),
  );
}

/** The answer to a request that hit a simulator bug, shaped so GameLift clients treat it as a 500. */
export function sendInternalError(response: ServerResponse): void {
  send(response, errorAnswer(new ApiError('InternalServiceException', 'Unexpected simulator error', 500)));
}

/** `POST /`: one AWS JSON 1.1 GameLift request. */
export async function serveApi(request: IncomingMessage, response: ServerResponse, deps: ApiEndpointDeps): Promise<void> {
  const arrivedAt = arrivalTime();
  const finished = deps.stats.beginApiRequest();
  response.once('close', finished);
  let body: RequestBody;
  try {
    body = await readBody(request);
  } catch {
    // The client hung up mid-body: nobody is left to answer.
    response.destroy();
    return;
  }
  const result = answer(request, body, arrivedAt, deps);
  const { latencyMs } = deps.faults.current;
  if (latencyMs > 0) await delay(latencyMs, undefined, { signal: deps.closing });
  send(response, result);
}
