import { shouldRenderGraphiQL, type Plugin } from 'graphql-yoga';
import type { Authenticator, Caller } from '../../auth/authenticator.js';
import { recordOf } from '../../observability/request-record.js';
import { errorResponse } from '../error-response.js';

/** Paths that reveal no fleet data and must answer probes and scrapers without credentials. */
const PUBLIC_PATHS = new Set(['/health', '/ready', '/metrics']);

const callers = new WeakMap<Request, Caller>();

/** Who the request was authenticated as (set by the authentication plugin). */
export function callerOf(request: Request): Caller | undefined {
  return callers.get(request);
}

/**
 * Authenticates every request before anything else is done for it, so that a request without
 * valid credentials causes no upstream call, whatever it asks (POST, GET, introspection,
 * subscriptions). Exempt: CORS preflights, the public probe paths, static assets, and the
 * GraphiQL page itself, which holds no data (GraphiQL then sends the credentials set in it).
 */
export function authentication(authenticator: Authenticator, exempt: { readonly graphiql: boolean; readonly assetPrefix: string }): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (request.method === 'OPTIONS' || PUBLIC_PATHS.has(url.pathname) || url.pathname.startsWith(exempt.assetPrefix)) return;
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
