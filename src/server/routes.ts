/**
 * What the gateway serves, decided once per request from the parsed, normalized path (never from
 * the raw URL's text, which a query string or fragment can make end with anything). Everything
 * outside this table is answered 404 before the GraphQL server sees it, whatever the method.
 */
export const GRAPHQL_PATH = '/graphql';
/** Where GraphiQL's static code is served from; it holds no data. */
export const ASSET_PREFIX = '/graphiql/';

/** `api`: the GraphQL endpoint, credentials required. The rest answer GET and HEAD without credentials and reveal no fleet data. */
export type Route = 'api' | 'health' | 'ready' | 'metrics' | 'asset' | 'not-found';

export interface RouteTable {
  /** /metrics on the API port; false when METRICS_PORT serves it elsewhere. */
  readonly metrics: boolean;
  /** GraphiQL's files exist (GraphiQL on and built). */
  readonly assets: boolean;
}

const PUBLIC: Readonly<Record<string, Route>> = { '/health': 'health', '/ready': 'ready', '/metrics': 'metrics' };
const READ_METHODS = new Set(['GET', 'HEAD']);
const BASE = 'http://gateway.invalid';

/**
 * The path of a request target as a URL parser resolves it: dot segments removed, percent-encoding
 * kept (an encoded slash is not a slash), case kept. Origin-form (`/x`) and absolute-form
 * (`http://host/x`) targets have one; anything else (`*`, `//x`, garbage) has none.
 */
export function requestPath(target: string): string | null {
  try {
    if (target.startsWith('/')) {
      // Prefixing the base keeps `//graphql` a path, not a host named "graphql".
      return new URL(`${BASE}${target}`).pathname;
    }
    return /^https?:\/\//i.test(target) ? new URL(target).pathname : null;
  } catch {
    return null;
  }
}

/** The target as path and query (`/graphql?x=1`), however it was written; `/` when it has no path. */
export function originForm(target: string): string {
  const path = requestPath(target);
  if (path === null) return '/';
  const url = new URL(target.startsWith('/') ? `${BASE}${target}` : target);
  return `${path}${url.search}`;
}

export function routeOf(method: string | undefined, target: string | undefined, table: RouteTable): Route {
  const path = requestPath(target ?? '');
  if (path === GRAPHQL_PATH) return 'api';
  if (path === null || !READ_METHODS.has(method ?? '')) return 'not-found';
  const named = PUBLIC[path];
  if (named === 'metrics') return table.metrics ? named : 'not-found';
  if (named !== undefined) return named;
  return table.assets && path.startsWith(ASSET_PREFIX) && path.length > ASSET_PREFIX.length ? 'asset' : 'not-found';
}
