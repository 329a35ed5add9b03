import type { Plugin } from 'graphql-yoga';

/**
 * With CORS on, an answer carries Access-Control-Allow-Origin for allowed origins only, so every
 * answer depends on the request's Origin: `Vary: Origin` keeps shared caches from serving one
 * origin's answer to another.
 */
export const varyByOrigin: Plugin = {
  onResponse({ response }) {
    const vary = response.headers.get('vary');
    if (!vary?.split(',').some((name) => name.trim().toLowerCase() === 'origin')) response.headers.append('vary', 'Origin');
  },
};
