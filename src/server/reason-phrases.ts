import { STATUS_CODES, type ServerResponse } from 'node:http';

/**
 * Fetch-style responses carry an empty status text, which would go out as `HTTP/1.1 401 ` with no
 * reason phrase; clients that show it (graphql-sse: "Server responded with 401: ") then show
 * nothing. Every status gets its standard phrase instead.
 */
export function withReasonPhrases(response: ServerResponse): void {
  const writeHead = response.writeHead.bind(response) as (status: number, ...rest: unknown[]) => ServerResponse;
  response.writeHead = ((status: number, ...rest: unknown[]) => {
    if (rest.length === 0 || typeof rest[0] !== 'string') return writeHead(status, STATUS_CODES[status] ?? '', ...rest);
    return writeHead(status, rest[0] === '' ? (STATUS_CODES[status] ?? '') : rest[0], ...rest.slice(1));
  }) as ServerResponse['writeHead'];
}
