import type { GameLiftClient, ServiceInputTypes, ServiceOutputTypes } from '@aws-sdk/client-gamelift';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { isThrottling } from './sdk-errors.js';
import { failureOf, optionsOfCommand, type CallOptions } from './upstream.js';

/** Which attempt of the call this is (1 for the first), from the header the SDK's retry step writes before signing. */
function attemptNumber(request: unknown): number | undefined {
  const header = (request as { headers?: Record<string, string> } | undefined)?.headers?.['amz-sdk-request'];
  const attempt = header?.match(/attempt=(\d+)/)?.[1];
  return attempt === undefined ? undefined : Number(attempt);
}

/** The HTTP status GameLift answered with (on an output's response, or on the error it became). */
function statusOf(answer: unknown): number | undefined {
  const status =
    (answer as { statusCode?: unknown } | undefined)?.statusCode ?? (answer as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

export type AttemptOutcome = 'ok' | 'throttled' | 'error';

/**
 * An attempt that ended without an answer (cancelled, timed out, cut off) may still reach GameLift
 * after it ended here: its slot is held this much longer, as if it had ended then.
 */
const UNANSWERED_MARGIN_MS = 1_000;

/** Whether GameLift answered the attempt (an error it sent back has its HTTP status). */
const answered = (error: unknown) =>
  typeof error === 'object' && error !== null && typeof (error as { $metadata?: { httpStatusCode?: unknown } }).$metadata?.httpStatusCode === 'number';

/** Sees every HTTP request sent to GameLift, retries included: what GameLift itself saw. */
export interface AttemptObserver {
  attempt(operation: string, outcome: AttemptOutcome, seconds: number, options: CallOptions): void;
}

/** A place in the rate budget, held while the attempt is under way. */
export interface Slot {
  /** The attempt has its answer (or failed). */
  release(): void;
}

/**
 * What an attempt must get before it is sent (the rate budget). It runs inside the SDK's retry
 * loop, so a retry waits like a first attempt.
 */
export interface AttemptGate {
  acquire(operation: string, options: CallOptions): Promise<Slot>;
  /** GameLift throttled an attempt. */
  throttled(operation: string): void;
}

/** A slot of each gate in turn; if one cannot be had, those already taken go back. */
async function acquireAll(gates: readonly AttemptGate[], operation: string, options: CallOptions): Promise<Slot[]> {
  const slots: Slot[] = [];
  try {
    for (const gate of gates) slots.push(await gate.acquire(operation, options));
    return slots;
  } catch (error) {
    for (const slot of slots) slot.release();
    throw error;
  }
}

/**
 * Adds the per-attempt step to the client's middleware stack as its last finalize step, after the
 * SDK's retries and signing: the slot is taken as close to the moment the request is written as
 * the SDK allows, and held until its answer. Every attempt is then sent, timed and reported.
 */
export function attachAttemptStep(client: GameLiftClient, gate: AttemptGate | null, observer: AttemptObserver | null): void {
  const step: FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes> = (next, context) => async (args) => {
    const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
    const options = optionsOfCommand(context.__smithy_context?.commandInstance);
    const gates = [...(options.share ? [options.share] : []), ...(gate ? [gate] : [])];
    const span = options.span?.child(`GameLift ${operation} attempt`, { 'rpc.method': operation, 'fleetgraph.attempt': attemptNumber(args.request) }, 'client');
    const waitStarted = performance.now();
    let slots: Slot[];
    try {
      slots = await acquireAll(gates, operation, options);
    } catch (error) {
      span?.end(failureOf(error));
      throw error;
    }
    if (options.tally) options.tally.gameliftRequests++;
    const started = performance.now();
    span?.set({ 'fleetgraph.budget_wait_ms': Math.round(started - waitStarted) });
    try {
      const result = await next(args);
      for (const slot of slots) slot.release();
      observer?.attempt(operation, 'ok', (performance.now() - started) / 1000, options);
      span?.set({ 'fleetgraph.outcome': 'ok', 'fleetgraph.throttled': false, 'http.response.status_code': statusOf(result.response) });
      span?.end();
      return result;
    } catch (error) {
      const release = () => slots.forEach((slot) => slot.release());
      if (answered(error)) release();
      else setTimeout(release, UNANSWERED_MARGIN_MS).unref();
      const outcome: AttemptOutcome = isThrottling(error) ? 'throttled' : 'error';
      if (outcome === 'throttled') for (const throttledGate of gates) throttledGate.throttled(operation);
      observer?.attempt(operation, outcome, (performance.now() - started) / 1000, options);
      span?.set({ 'fleetgraph.outcome': outcome, 'fleetgraph.throttled': outcome === 'throttled', 'http.response.status_code': statusOf(error) });
      span?.end(failureOf(error));
      throw error;
    }
  };
  client.middlewareStack.addRelativeTo(step, { relation: 'after', toMiddleware: 'httpSigningMiddleware', name: 'fleetgraphAttempt', override: true });
}
