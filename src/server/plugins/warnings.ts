import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { GatewayContext } from '../../schema/context.js';

/** Serves what resolvers noted in `context.warnings` as the response's `extensions.warnings`. */
export const warningsInExtensions: Plugin<GatewayContext> = {
  onExecute: () => ({
    onExecuteDone: ({ args, result, setResult }) => {
      const { warnings } = args.contextValue;
      if (warnings.length === 0 || isAsyncIterable(result)) return;
      setResult({ ...result, extensions: { ...result.extensions, warnings } });
    },
  }),
};
