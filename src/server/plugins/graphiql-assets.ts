import type { Plugin } from 'graphql-yoga';
import type { GraphiQLAssets } from '../../graphiql/assets.js';
import { requestPath } from '../routes.js';

/** Serves GraphiQL's built files under `prefix` (static code, no data: no credentials needed); routing lets only GET and HEAD through. */
export function graphiqlAssets(assets: GraphiQLAssets, prefix: string): Plugin {
  return {
    async onRequest({ request, endResponse }) {
      const path = requestPath(request.url);
      if (path === null || !path.startsWith(prefix)) return;
      const response = await assets.serve(path.slice(prefix.length), request.headers.get('accept-encoding'));
      endResponse(response ?? Response.json({ errors: [{ message: 'Not found.', extensions: { code: 'NOT_FOUND' } }] }, { status: 404 }));
    },
  };
}
