import { GraphQLError, getOperationAST, type DocumentNode, type ExecutionArgs, type OperationTypeNode } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Caller } from '../auth/authenticator.js';
import type { UpstreamTally } from '../gamelift/upstream/upstream.js';
import type { GatewayContext } from '../schema/context.js';

type Enveloped = Pick<ReturnType<YogaServerInstance<object, GatewayContext>['getEnveloped']>, 'execute' | 'subscribe'>;

/**
 * What yoga's context factory is given for an operation that did not come through yoga's own HTTP
 * handling (a WebSocket message, an event stream served directly): who it is for, and what the
 * HTTP layer would otherwise have supplied.
 */
export interface DirectInitialContext {
  readonly directCaller: Caller;
  readonly directTally?: UpstreamTally & { logFetches: number };
  /** Aborts when the client goes away. */
  readonly directSignal?: AbortSignal;
}

export interface OperationRequest {
  /** The document's text (already resolved from a trusted document id, if any). */
  readonly query: string;
  readonly operationName?: string | null | undefined;
  readonly variables?: Readonly<Record<string, unknown>> | null | undefined;
}

export type PreparedOperation =
  | { readonly ok: true; readonly args: ExecutionArgs; readonly kind: OperationTypeNode; readonly name: string | undefined }
  | { readonly ok: false; readonly errors: readonly GraphQLError[] };

/**
 * Parses and validates an operation through yoga's envelop (so that its plugins, the query limits
 * among them, apply as over HTTP) and builds its execution arguments with yoga's context. The
 * enveloped execute and subscribe ride in rootValue: `viaEnveloped` runs every operation through
 * the plugins (cost, error masking, …).
 */
export async function prepareOperation(
  yoga: YogaServerInstance<object, GatewayContext>,
  initial: DirectInitialContext,
  operation: OperationRequest,
): Promise<PreparedOperation> {
  const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped(initial);
  let document: DocumentNode;
  try {
    document = parse(operation.query);
  } catch (error) {
    return { ok: false, errors: [error instanceof GraphQLError ? error : new GraphQLError('The document could not be parsed.')] };
  }
  const errors = validate(schema, document);
  if (errors.length > 0) return { ok: false, errors };
  const ast = getOperationAST(document, operation.operationName ?? undefined);
  if (!ast) return { ok: false, errors: [new GraphQLError('The operation to run could not be determined (operationName).')] };
  const enveloped: Enveloped = { execute, subscribe };
  return {
    ok: true,
    kind: ast.operation,
    name: ast.name?.value,
    args: {
      schema,
      document,
      operationName: operation.operationName ?? null,
      variableValues: operation.variables ?? null,
      contextValue: await contextFactory(),
      rootValue: enveloped,
    },
  };
}

/** Yoga's enveloped execute and subscribe for prepared arguments (they ride in rootValue). */
export const viaEnveloped: Enveloped = {
  execute: (args) => (args.rootValue as Enveloped).execute(args),
  subscribe: (args) => (args.rootValue as Enveloped).subscribe(args),
};
