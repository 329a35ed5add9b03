import { shouldRenderGraphiQL, type Plugin } from 'graphql-yoga';
import type { Authenticator, Caller } from '../../auth/authenticator.js';
import { recordOf } from '../../observability/request-record.js';
import { errorResponse } from '../error-response.js';

const callers = new WeakMap<Request, Caller>();

/** Who the request was authenticated as (set by the authentication plugin). */
export function callerOf(request: Request): Caller | undefined {
  return callers.get(request);
}

/**
 * Authenticates every request that reaches it before anything else is done for it, so that a
 * request without valid credentials causes no upstream call, whatever it asks (POST, GET,
 * introspection, subscriptions). Only /graphql gets this far (routes.ts answers everything else,
 * and the public probes and assets end their requests before this plugin): no path is exempt.
 * Exempt are only CORS preflights and the GraphiQL page itself (a browser's GET for HTML), which
 * holds no data (GraphiQL then sends the credentials set in it).
 */
export function authentication(authenticator: Authenticator, exempt: { readonly graphiql: boolean }): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      if (request.method === 'OPTIONS') return;
      if (exempt.graphiql && shouldRenderGraphiQL(request)) return;
      const result = await authenticator.authenticate({
        apiKey: request.headers.get('x-api-key'),
        authorization: request.headers.get('authorization'),
      });
      if (result.ok) {
        callers.set(request, result.caller);
        return;
      }
      endResponse(
        errorResponse(401, { message: result.message, code: 'UNAUTHENTICATED', requestId: recordOf(request)?.id }, { 'WWW-Authenticate': result.challenge }),
      );
    },
  };
}
