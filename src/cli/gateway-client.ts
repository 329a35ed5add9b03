import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type FormattedExecutionResult } from 'graphql';
import type { Connection, Credential } from './arguments.js';
import { serverSentEvents } from './server-sent-events.js';

/**
 * The gateway could not be asked at all, or refused the credentials: no GraphQL result. Its
 * message is one line for stderr and never holds a key or token.
 */
export class GatewayError extends Error {}

/** Runs a query over HTTP (POST, GraphQL over HTTP); GraphQL errors come back in the result. */
export async function executeQuery<T, V>(connection: Connection, document: TypedDocumentNode<T, V>, variables: V): Promise<FormattedExecutionResult<T>> {
  const response = await post(connection, document, variables, 'application/graphql-response+json, application/json');
  return jsonResult<T>(connection, response);
}

/**
 * Runs a subscription over GraphQL over Server-Sent Events (POST with Accept: text/event-stream):
 * yields each `next` payload until the gateway sends `complete`, or `signal` aborts (then it just
 * ends). A stream cut off before `complete` is a GatewayError.
 */
export async function* executeSubscription<T, V>(
  connection: Connection,
  document: TypedDocumentNode<T, V>,
  variables: V,
  signal: AbortSignal,
): AsyncGenerator<FormattedExecutionResult<T>> {
  try {
    const response = await post(connection, document, variables, 'text/event-stream', signal);
    if (!response.headers.get('content-type')?.startsWith('text/event-stream') || !response.body) {
      yield await jsonResult<T>(connection, response);
      return;
    }
    for await (const { event, data } of serverSentEvents(response.body as unknown as AsyncIterable<Uint8Array>)) {
      if (event === 'complete') return;
      if (event === 'next') yield JSON.parse(data) as FormattedExecutionResult<T>;
    }
  } catch (error) {
    if (signal.aborted) return;
    if (error instanceof GatewayError) throw error;
    throw new GatewayError(`lost the stream from the gateway at ${shown(connection.url)}: ${reason(error)}`);
  }
  if (!signal.aborted) throw new GatewayError(`the gateway at ${shown(connection.url)} closed the stream before its end`);
}

async function post<V>(connection: Connection, document: TypedDocumentNode<unknown, V>, variables: V, accept: string, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept };
  if (connection.apiKey) headers['x-api-key'] = headerValue(connection.apiKey, 'API key');
  if (connection.token) headers.authorization = `Bearer ${headerValue(connection.token, 'token')}`;
  let response: Response;
  try {
    response = await fetch(connection.url, { method: 'POST', headers, body: JSON.stringify({ query: print(document), variables }), ...(signal ? { signal } : {}) });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new GatewayError(`cannot reach the gateway at ${shown(connection.url)}: ${reason(error)}`);
  }
  if (response.status === 401) {
    await response.body?.cancel();
    throw new GatewayError(refusedCredentials(connection));
  }
  return response;
}

/** A result in a JSON body, whatever the status (GraphQL over HTTP answers some errors with 4xx). */
async function jsonResult<T>(connection: Connection, response: Response): Promise<FormattedExecutionResult<T>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== 'object' || body === null || !('data' in body || Array.isArray((body as { errors?: unknown }).errors))) {
    throw new GatewayError(`the gateway at ${shown(connection.url)} answered HTTP ${response.status} without a GraphQL result`);
  }
  return body as FormattedExecutionResult<T>;
}

/** Refuses, without echoing it, a secret fetch would reject as a header (fetch's message would show it). */
function headerValue(credential: Credential, what: string): string {
  if (!/^[\x21-\x7e]+$/.test(credential.value)) {
    throw new GatewayError(`the ${what} from ${credential.source} has characters no HTTP header can carry (spaces, line breaks or non-ASCII)`);
  }
  return credential.value;
}

function refusedCredentials({ url, apiKey, token }: Connection): string {
  const fix = 'set FLEETGRAPH_API_KEY (or --api-key) to an API key, or FLEETGRAPH_TOKEN (or --token) to a JWT';
  const sent = [apiKey && `the API key from ${apiKey.source}`, token && `the token from ${token.source}`].filter(Boolean);
  if (sent.length === 0) return `the gateway at ${shown(url)} needs credentials (HTTP 401): ${fix}`;
  return `the gateway at ${shown(url)} refused ${sent.join(' and ')} (HTTP 401): ${fix} the gateway accepts`;
}

/** The URL without user info or query, which may hold secrets. */
const shown = (url: URL) => `${url.origin}${url.pathname}`;

/** fetch's own message is "fetch failed"; the cause says why (connect ECONNREFUSED …). */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.message === 'string' && cause.message !== '') return cause.message;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}
