import type { Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Authenticator, Caller } from '../auth/authenticator.js';
import type { GatewayContext } from '../schema/context.js';
import { prepareOperation, viaEnveloped } from './enveloped-operation.js';
import type { TrustedDocuments } from '../trusted-documents.js';
import { trustedDocumentText } from './plugins/trusted-documents.js';
import { requestPath } from './routes.js';

/** Idle connections are pinged this often, so that proxies do not drop a quiet subscription. */
const PING_INTERVAL_MS = 12_000;

export interface WebSocketOptions {
  readonly path: string;
  readonly authenticator: Authenticator;
  readonly maxPayloadBytes: number;
  readonly trustedDocuments: TrustedDocuments | null;
}

/** A credential from `connection_init`'s payload, under the header's name, any case. */
function credential(params: Readonly<Record<string, unknown>> | undefined, name: string): string | null {
  const entry = Object.entries(params ?? {}).find(([key]) => key.toLowerCase() === name);
  return typeof entry?.[1] === 'string' ? entry[1] : null;
}

/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the API's own port and path, for clients
 * such as Apollo Client and urql. Browsers cannot set headers on a WebSocket, so credentials come
 * in `connection_init`'s payload under the header names (`x-api-key`, or `authorization: Bearer …`);
 * a connection without valid ones is closed with 4403 before anything else happens. Operations
 * then run through yoga's own plugins (limits, cost, error masking), as over HTTP.
 */
export function serveGraphQLOverWebSocket(
  server: Server,
  yoga: YogaServerInstance<object, GatewayContext>,
  options: WebSocketOptions,
): { close(): void } {
  const sockets = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes });
  const callers = new WeakMap<object, Caller>();
  server.on('upgrade', (request, socket, head) => {
    if (requestPath(request.url ?? '') !== options.path) {
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  useServer<Record<string, unknown> | undefined>(
    {
      onConnect: async (ctx) => {
        const result = await options.authenticator.authenticate({
          apiKey: credential(ctx.connectionParams, 'x-api-key'),
          authorization: credential(ctx.connectionParams, 'authorization'),
        });
        if (!result.ok) return false;
        callers.set(ctx, result.caller);
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const caller = callers.get(ctx);
        if (!caller) return [new GraphQLError('Not authenticated.', { extensions: { code: 'UNAUTHENTICATED' } })];
        const query = options.trustedDocuments ? trustedDocumentText(options.trustedDocuments, payload) : payload.query;
        if (query === null) {
          return [new GraphQLError('This gateway runs trusted documents only.', { extensions: { code: 'PERSISTED_QUERY_ONLY' } })];
        }
        const prepared = await prepareOperation(yoga, { directCaller: caller }, { query, operationName: payload.operationName, variables: payload.variables });
        return prepared.ok ? prepared.args : [...prepared.errors];
      },
      // onSubscribe put yoga's enveloped execute and subscribe in rootValue: every operation runs through its plugins.
      execute: viaEnveloped.execute,
      subscribe: viaEnveloped.subscribe,
    },
    sockets,
  );

  const ping = setInterval(() => {
    for (const client of sockets.clients) client.ping();
  }, PING_INTERVAL_MS);
  ping.unref();

  return {
    close: () => {
      clearInterval(ping);
      for (const client of sockets.clients as Set<WebSocket>) client.close(1001, 'Going away: the gateway is stopping');
      sockets.close();
    },
  };
}
