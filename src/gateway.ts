import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { getOperationAST, GraphQLError, Kind } from 'graphql';
import { createYoga, isAsyncIterable, maskError as yogaMaskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import type { GatewayConfig } from './config.js';
import { GameLiftAccess } from './gamelift/access.js';
import { GatewayError } from './gamelift/errors.js';
import { RequestLogFetcher } from './gamelift/logs/index.js';
import { estimateUpstreamCost } from './queryCost.js';
import { schema, type GatewayContext } from './schema/index.js';

export const GRAPHQL_PATH = '/graphql';

/** Shown in GraphiQL on first load; it works against the embedded simulator's data. */
const DEFAULT_QUERY = `# Fleets that failed to create, with their latest events.
query FailedFleets {
  fleets(first: 50) {
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

/**
 * Errors the access layer raised on purpose become GraphQL errors with a stable
 * `extensions.code`; anything else is masked by yoga (no message or stack leaks to clients).
 */
function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (original instanceof GatewayError) {
    return new GraphQLError(original.message, {
      ...(error instanceof GraphQLError ? { nodes: error.nodes, path: error.path, source: error.source, positions: error.positions } : {}),
      extensions: { ...original.details, code: original.code },
    });
  }
  return yogaMaskError(error, message, isDev);
}

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
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const fragments = Object.fromEntries(
        args.document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
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

export function createGatewayApp(client: GameLiftClient, config: GatewayConfig): YogaServerInstance<object, GatewayContext> {
  return createYoga<object, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_PATH,
    healthCheckEndpoint: '/health',
    landingPage: false,
    graphiql: { title: 'fleetgraph', defaultQuery: DEFAULT_QUERY },
    renderGraphiQL,
    maskedErrors: { maskError },
    plugins: [upstreamCostLimit(config.maxQueryCost), warningsInExtensions],
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

export async function startGateway(client: GameLiftClient, config: GatewayConfig): Promise<RunningGateway> {
  const app = createGatewayApp(client, config);
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
