import type { CORSOptions } from 'graphql-yoga';

/** Only the listed origins get CORS headers (echoed, never `*`); every other origin none at all. */
export function corsFor(origins: readonly string[]): (request: Request) => CORSOptions {
  const allowed = new Set(origins);
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return {
      origin: [origin],
      methods: ['GET', 'POST', 'OPTIONS'],
      allowedHeaders: ['x-api-key', 'authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id'],
      credentials: false,
      maxAge: 600,
    };
  };
}
