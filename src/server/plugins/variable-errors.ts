import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { recoded } from '../errors.js';

/**
 * A request whose variables cannot be coerced never starts executing (no `data`); its errors are
 * about the client's arguments, so they get the code every other bad argument gets.
 */
export const variableErrorsAsBadInput: Plugin = {
  onExecute: () => ({
    onExecuteDone: ({ result, setResult }) => {
      if (isAsyncIterable(result) || result.data !== undefined || !result.errors) return;
      setResult({
        ...result,
        errors: result.errors.map((error) =>
          error.extensions.code ? error : recoded(error, error.message, { ...error.extensions, code: 'BAD_USER_INPUT' }),
        ),
      });
    },
  }),
};
