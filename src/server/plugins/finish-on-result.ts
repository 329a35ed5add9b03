import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../../schema/context.js';

/**
 * A query has its result once execution is done, even while calls of branches that failed early
 * are still queued: those are dropped, and the budget serves others; the places its log content
 * held go back. Each event of a subscription gives its places back once it has gone out. (A
 * stream's calls end when its client leaves, which aborts the request's signal.)
 */
export const finishOnResult: Plugin<GatewayContext> = {
  onExecute() {
    return {
      onExecuteDone({ args, result }) {
        if (!isAsyncIterable(result)) (args.contextValue as GatewayContext).finish();
      },
    };
  },
  onSubscribe({ args }) {
    const context = args.contextValue as GatewayContext;
    return {
      onSubscribeResult() {
        return {
          onNext: () => context.logs.settle(),
          onEnd: () => context.logs.settle(),
        };
      },
    };
  },
};
