import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { getOperationAST, GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode } from 'graphql';
import { createLogger, createYoga, isAsyncIterable, maskError as yogaMaskError, type Plugin, type YogaLogger, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.js';
import { GameLiftAccess } from './gamelift/access.js';
import { GatewayError } from './gamelift/errors.js';
import { RequestLogFetcher } from './gamelift/logs/index.js';
import { estimateUpstreamCost } from './queryCost.js';
import { schema, type GatewayContext } from './schema/index.js';

export const GRAPHQL_PATH = '/graphql';

/** Shown in GraphiQL on first load unless the caller brings its own. */
const DEFAULT_QUERY = `# Your fleets, newest events first. Cursors page on: fleets(first: 20, after: "<endCursor>")
query Fleets {
  fleets(first: 20) {
    edges {
      node {
        fleetId
        name
        status
        events(first: 5) {
          edges { node { eventTime eventCode message } }
        }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}
`;

export interface GatewayOptions {
  /** The query GraphiQL opens with. */
  readonly graphiqlDefaultQuery?: string;
}

/** The same error at the same place in the document, with another message or extensions. */
function recoded(error: GraphQLError, message: string, extensions: GraphQLError['extensions']): GraphQLError {
  const { nodes, source, positions, path, originalError } = error;
  return new GraphQLError(message, { nodes, source, positions, path, originalError, extensions });
}

/**
 * Errors the access layer raised on purpose become GraphQL errors with a stable
 * `extensions.code`; anything else is masked by yoga (no message or stack leaks to clients).
 */
function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError && error.originalError instanceof GatewayError) {
    const { code, details, message: reason } = error.originalError;
    return recoded(error, reason, { ...details, code });
  }
  return yogaMaskError(error, message, isDev);
}

/**
 * A request whose variables cannot be coerced never starts executing (no `data`); its errors are
 * about the client's arguments, so they get the code every other bad argument gets.
 */
const codeRejectedVariables: Plugin<GatewayContext> = {
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

/** Serves what resolvers noted in `context.warnings` as the response's `extensions.warnings`. */
const warningsInExtensions: Plugin<GatewayContext> = {
  onExecute: () => ({
    onExecuteDone: ({ args, result, setResult }) => {
      const { warnings } = args.contextValue;
      if (warnings.length === 0 || isAsyncIterable(result)) return;
      setResult({ ...result, extensions: { ...result.extensions, warnings } });
    },
  }),
};

/**
 * Refuses, before any upstream call, an operation whose estimated upstream requests exceed the
 * configured budget: aliases and nested connections could otherwise fan out without bound.
 */
function upstreamCostLimit(maxCost: number): Plugin<GatewayContext> {
  return {
    onExecute: ({ args, setResultAndStopExecution }) => {
      const document: DocumentNode = args.document;
      const operation = getOperationAST(document, args.operationName);
      if (!operation) return;
      const fragments = Object.fromEntries(
        document.definitions
          .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
          .map((fragment) => [fragment.name.value, fragment]),
      );
      const cost = Math.ceil(estimateUpstreamCost(args.schema, operation, fragments, args.variableValues ?? {}));
      if (cost <= maxCost) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `This query may cause about ${cost} upstream requests; the limit is ${maxCost}. ` +
              'Ask for smaller pages (first/last), fewer nested connections or fewer logs.',
            { extensions: { code: 'QUERY_TOO_COSTLY', cost, maxCost } },
          ),
        ],
      });
    },
  };
}

/**
 * Yoga logs every error it masks. Errors the gateway raised on purpose are outcomes, not faults:
 * a client's mistake is debug noise, upstream trouble is worth one line without a stack; only
 * the rest (bugs) are logged as errors. Messages are already free of credentials and full URLs.
 */
function gatewayLogger(base: YogaLogger = createLogger('info')): YogaLogger {
  return {
    ...base,
    error: (...args: unknown[]) => {
      const [first] = args;
      const original = first instanceof GraphQLError ? first.originalError : first;
      if (!(original instanceof GatewayError)) return base.error(...args);
      const line = `${original.code}: ${original.message}`;
      return original.code === 'BAD_USER_INPUT' ? base.debug(line) : base.warn(line);
    },
  };
}

export function createGatewayApp(
  client: GameLiftClient,
  config: GatewayConfig,
  options: GatewayOptions = {},
): YogaServerInstance<object, GatewayContext> {
  return createYoga<object, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'fleetgraph', defaultQuery: options.graphiqlDefaultQuery ?? DEFAULT_QUERY },
    renderGraphiQL,
    maskedErrors: { maskError },
    logging: gatewayLogger(),
    plugins: [upstreamCostLimit(config.maxQueryCost), codeRejectedVariables, warningsInExtensions],
    context: () => ({
      gamelift: new GameLiftAccess(client, { maxFleetIdsPerCall: config.maxFleetIdsPerCall }),
      logs: new RequestLogFetcher(config.logs),
      pagination: config.pagination,
      warnings: [],
    }),
  });
}

export interface RunningGateway {
  readonly url: string;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startGateway(
  client: GameLiftClient,
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<RunningGateway> {
  const app = createGatewayApp(client, config, options);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' ? 'localhost' : config.host;
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
