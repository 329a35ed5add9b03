import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import type { TraceSpan, Tracer } from '../../observability/trace-span.js';
import { GatewayError } from '../errors.js';
import { toGatewayError } from './sdk-errors.js';
import type { AttemptGate } from './attempts.js';
import { cachedUntil } from './cached-until.js';
import { callKey } from './call-key.js';
import { COMMANDS, type InputOf, type Operation, type OutputOf } from './operations.js';
import type { RateBudget } from './rate-budget.js';

/** How one logical call wants to be served. */
export interface CallOptions {
  /** Go around cached answers: a refreshed log URL, a live poller, the readiness probe. */
  readonly fresh?: boolean;
  /** Whom the call is for (API key name or JWT subject): the rate budget queues fairly by it. */
  readonly caller?: string;
  /** Aborts when the request it serves has ended (client gone, answer sent): a call not yet sent is dropped. */
  readonly signal?: AbortSignal;
  /** Counts the GameLift requests this call sends, for the access log of the request it serves. */
  readonly tally?: UpstreamTally;
  /** A part of the budget each attempt must also fit in, taken before the budget itself (live polls: LIVE_BUDGET_SHARE). */
  readonly share?: AttemptGate;
  /** The span the call is made for (a GraphQL operation, a live poll): its call span goes under it. Unset with traces off. */
  readonly span?: TraceSpan;
}

export interface UpstreamTally {
  gameliftRequests: number;
  /**
   * Until when (epoch ms) every answer this request was given would be given again: the earliest
   * expiry of the cached answers it used; now for an answer that is not cached. Unset before any call.
   * A whole GraphQL answer built from them may be reused until then, and no longer.
   */
  reusableUntil?: number;
}

/** One logical GameLift call as the layers see it. */
export interface UpstreamCall {
  readonly operation: Operation;
  readonly input: object;
  readonly options: CallOptions;
  /** What makes two calls the same call (see call-key.ts), computed once for every layer. */
  readonly key: string;
}

export type Next = (call: UpstreamCall) => Promise<unknown>;

/**
 * A step every GameLift call passes through, like an SDK middleware: it may answer itself
 * (cache), share another call's answer (coalescing), or pass the call on with `next`.
 */
export interface UpstreamLayer {
  readonly name: string;
  handle(call: UpstreamCall, next: Next): Promise<unknown>;
  /** Releases what the layer holds (timers), when the gateway stops. */
  close?(): void;
}

/**
 * The one path every GameLift call takes. Layers run in the order given, outermost first; the
 * innermost step maps whatever the SDK threw to a GatewayError, so every layer and every waiter
 * sees the same typed error. Per-attempt concerns (rate budget, metrics) sit inside the SDK's
 * retries as client middleware (see attempts.ts), so that retries are budgeted and counted too.
 */
export class GameLiftUpstream {
  private readonly chain: Next;

  constructor(
    private readonly client: GameLiftClient,
    private readonly layers: readonly UpstreamLayer[],
    /** Which GameLift this is (region and endpoint): calls to another are never the same call. */
    private readonly scope: string,
    private readonly budget: RateBudget | null = null,
    /** Starts the root spans of calls no request makes (live polls); null with traces off. */
    readonly tracer: Tracer | null = null,
  ) {
    this.chain = layers.reduceRight<Next>((next, layer) => (call) => layer.handle(call, next), (call) => this.dispatch(call));
  }

  close(): void {
    for (const layer of this.layers) layer.close?.();
    this.budget?.close();
  }

  /** GameLift calls one operation may be admitted with: what the budget can start within the queue timeout. */
  capacity(): number {
    return this.budget?.capacity() ?? Number.POSITIVE_INFINITY;
  }

  send<Op extends Operation>(operation: Op, input: InputOf<Op>, options: CallOptions = {}): Promise<OutputOf<Op>> {
    const span = options.span?.child(`GameLift ${operation}`, { 'rpc.system': 'aws-api', 'rpc.service': 'GameLift', 'rpc.method': operation });
    const key = callKey(this.scope, operation, input);
    const answer = this.chain({ operation, input, options: span ? { ...options, span } : options, key }) as Promise<OutputOf<Op>>;
    if (span) answer.then(() => span.end(), (error: unknown) => span.end(failureOf(error)));
    const { tally } = options;
    if (!tally) return answer;
    return answer.then((output) => {
      tally.reusableUntil = Math.min(tally.reusableUntil ?? Number.POSITIVE_INFINITY, cachedUntil(output) ?? Date.now());
      return output;
    });
  }

  private async dispatch({ operation, input, options }: UpstreamCall): Promise<unknown> {
    const Command = COMMANDS[operation] as new (input: object) => Parameters<GameLiftClient['send']>[0];
    const command = new Command(input);
    commandOptions.set(command, options);
    try {
      const { $metadata: _metadata, ...output } = await this.client.send(command, options.signal ? { abortSignal: options.signal } : {});
      return output;
    } catch (error) {
      throw toGatewayError(error, operation);
    }
  }
}

/** What a span records of a failed call or attempt: the gateway's error code, never a message. */
export function failureOf(error: unknown): { code: string } {
  return { code: error instanceof GatewayError ? error.code : error instanceof Error ? error.name : 'Error' };
}

/**
 * The options of the logical call a command belongs to, for middleware inside the SDK's retry
 * loop (which sees the command, not our call). Weak: gone with the command.
 */
const commandOptions = new WeakMap<object, CallOptions>();

export function optionsOfCommand(command: unknown): CallOptions {
  return (typeof command === 'object' && command !== null && commandOptions.get(command)) || {};
}
