import type { Plugin } from 'graphql-yoga';
import type { GraphiQLAssets } from '../../graphiql/assets.js';

/** Serves GraphiQL's built files under `prefix` (static code, no data: no credentials needed). */
export function graphiqlAssets(assets: GraphiQLAssets, prefix: string): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith(prefix) || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      const response = await assets.serve(url.pathname.slice(prefix.length), request.headers.get('accept-encoding'));
      endResponse(response ?? new Response('Not found', { status: 404 }));
    },
  };
}
