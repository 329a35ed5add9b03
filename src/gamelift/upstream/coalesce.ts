import { abortReason } from './fair-queue.js';
import type { Next, UpstreamCall, UpstreamLayer } from './upstream.js';

export interface CoalesceObserver {
  coalesced(operation: string): void;
}

/** One call in flight and the requests waiting for its answer. */
interface SharedCall {
  readonly answer: Promise<unknown>;
  readonly cancel: AbortController;
  waiting: number;
}

/**
 * Identical calls in flight at the same time share one: the first goes upstream, the others wait
 * for its answer (or its error, the same typed error for all). A request that ends stops waiting
 * at once; the shared call itself is cancelled only when every request waiting for it has ended.
 */
export function coalescing(observer?: CoalesceObserver): UpstreamLayer {
  const inFlight = new Map<string, SharedCall>();
  return {
    name: 'coalesce',
    handle(call: UpstreamCall, next: Next): Promise<unknown> {
      // A call that needs fresh data never shares an answer that may come from the cache.
      const key = `${call.options.fresh ? 'fresh' : 'any'}:${call.key}`;
      let shared = inFlight.get(key);
      call.options.span?.set({ 'fleetgraph.coalesced': shared !== undefined });
      if (shared) {
        observer?.coalesced(call.operation);
      } else {
        const cancel = new AbortController();
        const answer = next({ ...call, options: { ...call.options, signal: cancel.signal } });
        const started: SharedCall = { answer, cancel, waiting: 0 };
        void answer.then(forget, forget);
        function forget() {
          if (inFlight.get(key) === started) inFlight.delete(key);
        }
        inFlight.set(key, started);
        shared = started;
      }
      return wait(shared, call.options.signal, () => {
        if (inFlight.get(key) === shared) inFlight.delete(key);
      });
    },
  };
}

/** The shared answer for one request, which stops waiting when its signal aborts. */
function wait(shared: SharedCall, signal: AbortSignal | undefined, abandoned: () => void): Promise<unknown> {
  shared.waiting++;
  if (!signal) return shared.answer;
  return new Promise((resolve, reject) => {
    const leave = () => {
      if (--shared.waiting === 0) {
        abandoned();
        shared.cancel.abort(abortReason(signal));
      }
      reject(abortReason(signal));
    };
    if (signal.aborted) {
      leave();
      return;
    }
    signal.addEventListener('abort', leave, { once: true });
    shared.answer.then(
      (value) => {
        signal.removeEventListener('abort', leave);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', leave);
        reject(error);
      },
    );
  });
}
