import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../../schema/context.js';

/**
 * A query or mutation has its result once execution is done, even while calls of branches that
 * failed early are still queued: those are dropped, and the budget serves others. (A stream ends
 * when its client leaves, which aborts the request's signal.)
 */
export const finishOnResult: Plugin<GatewayContext> = {
  onExecute() {
    return {
      onExecuteDone({ args, result }) {
        if (!isAsyncIterable(result)) (args.contextValue as GatewayContext).finish();
      },
    };
  },
};
