import type { IncomingMessage, ServerResponse } from 'node:http';
import { getCORSHeadersByRequestAndOptions } from '@whatwg-node/server';
import { parse, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { isAsyncIterable, type CORSOptions, type YogaServerInstance } from 'graphql-yoga';
import type { Authenticator, Caller } from '../auth/authenticator.js';
import type { UpstreamTally } from '../gamelift/upstream/upstream.js';
import { logAccess } from '../observability/access-log.js';
import type { Logger } from '../observability/logger.js';
import { requestIdFrom } from '../observability/request-record.js';
import type { GatewayContext } from '../schema/context.js';
import type { TrustedDocuments } from '../trusted-documents.js';
import { prepareOperation, viaEnveloped, type OperationRequest } from './enveloped-operation.js';
import { trustedDocumentById } from './plugins/trusted-documents.js';
import { requestPath } from './routes.js';

export interface EventStreamSettings {
  readonly yoga: YogaServerInstance<object, GatewayContext>;
  readonly authenticator: Authenticator;
  readonly trustedDocuments: TrustedDocuments | null;
  readonly maxBodyBytes: number;
  /** MAX_QUERY_TOKENS: a document is checked against it before yoga's parser sees it. */
  readonly maxTokens: number;
  readonly cors: ((request: Request) => CORSOptions) | null;
  readonly logger: Logger;
}

/** A quiet stream gets a comment this often, so that proxies keep it open (as yoga does). */
const PING_INTERVAL_MS = 12_000;

/** A request whose body was read here: yoga takes `body` as the already-read body (as behind Express' body parsers). */
type ReadRequest = IncomingMessage & { body?: Buffer };

/**
 * GraphQL subscriptions over Server-Sent Events (GET or POST /graphql accepting
 * text/event-stream), served straight on Node's response. Yoga's own event streams hold a fetch
 * Request, a Response and web streams for as long as they are open, about 25 KiB each; dashboards
 * hold thousands. This path holds the subscription and the socket, about a tenth of that. It
 * serves only the plain case: an authenticated, well-formed single subscription that parses,
 * validates and subscribes through yoga's envelop, so that every limit and plugin applies as
 * before (depth, cost, trusted documents, error masking). Anything else (bad credentials or
 * input, queries, errors before the stream starts, CORS preflights) goes to yoga as it always did,
 * with the body this path read, and gets the answer it always got.
 */
export function eventStreams(settings: EventStreamSettings) {
  return {
    accepts: (request: IncomingMessage): boolean =>
      (request.method === 'GET' || request.method === 'POST') && (request.headers.accept ?? '').includes('text/event-stream'),

    async serve(request: ReadRequest, response: ServerResponse, fallback: () => unknown): Promise<void> {
      const startedAt = performance.now();
      let body: Buffer | null = null;
      const handOver = () => {
        if (body && body.length > 0) request.body = body;
        return void fallback();
      };
      const requestId = requestIdFrom(header(request, 'x-request-id'));
      const tally = { gameliftRequests: 0, logFetches: 0 };
      const gone = new AbortController();
      response.once('close', () => gone.abort(new DOMException('The client went away.', 'AbortError')));
      let opened: Awaited<ReturnType<typeof open>>;
      try {
        opened = await open(request, settings, { tally, signal: gone.signal }, (read) => (body = read));
      } catch {
        // Whatever went wrong before the stream began (the client left mid-body, say): yoga answers, if anyone still listens.
        opened = null;
      }
      if (!opened) return response.destroyed ? undefined : handOver();
      const { result, caller, name } = opened;
      const events = result[Symbol.asyncIterator]();
      // The client left while the subscription was being made: nobody will close it but us.
      if (response.destroyed) return void events.return?.();

      response.writeHead(200, { ...streamHeaders(request, settings.cors), 'x-request-id': requestId });
      // Some browsers show nothing of a response until its first bytes.
      response.write(':\n\n');
      const ping = setInterval(() => response.write(':\n\n'), PING_INTERVAL_MS);
      ping.unref();
      response.once('close', () => void events.return?.());
      try {
        for (let next = await events.next(); !next.done; next = await events.next()) {
          if (response.destroyed) break;
          response.write(`event: next\ndata: ${eventData(next.value, requestId)}\n\n`);
        }
        if (!response.destroyed) response.end('event: complete\ndata:\n\n');
      } catch {
        response.end();
      } finally {
        clearInterval(ping);
        logAccess(settings.logger, {
          reqId: requestId,
          method: request.method ?? 'GET',
          path: requestPath(request.url ?? '') ?? '',
          status: 200,
          durationMs: performance.now() - startedAt,
          operationName: name ?? null,
          upstreamRequests: tally.gameliftRequests,
          logFetches: tally.logFetches,
          client: caller.name,
        });
      }
    },
  };
}

/**
 * Authenticates, reads and prepares the request, and subscribes: the stream to serve, or null when
 * this is not the plain case (yoga then answers). `bodyRead` gets the body once it is read.
 */
async function open(
  request: IncomingMessage,
  settings: EventStreamSettings,
  scope: { readonly tally: UpstreamTally & { logFetches: number }; readonly signal: AbortSignal },
  bodyRead: (body: Buffer) => void,
): Promise<{ readonly result: AsyncIterable<ExecutionResult>; readonly caller: Caller; readonly name: string | undefined } | null> {
  const auth = await settings.authenticator.authenticate({ apiKey: header(request, 'x-api-key'), authorization: header(request, 'authorization') });
  if (!auth.ok) return null;
  const read = await readOperation(request, settings);
  if (read.body) bodyRead(read.body);
  if (!read.operation || !parses(read.operation.query, settings.maxTokens)) return null;
  const prepared = await prepareOperation(settings.yoga, { directCaller: auth.caller, directTally: scope.tally, directSignal: scope.signal }, read.operation);
  if (!prepared.ok || prepared.kind !== 'subscription' || scope.signal.aborted) return null;
  const result = await viaEnveloped.subscribe(prepared.args);
  if (!isAsyncIterable(result)) return null;
  return { result: result as AsyncIterable<ExecutionResult>, caller: auth.caller, name: prepared.name };
}

/**
 * Whether the document parses, checked apart from yoga: yoga caches what its parser returns, and
 * decorates a syntax error (GRAPHQL_PARSE_FAILED) only for requests it handles itself, so a
 * document that does not parse is left for yoga to parse first.
 */
function parses(query: string, maxTokens: number): boolean {
  try {
    parse(query, { maxTokens, noLocation: true });
    return true;
  } catch {
    return false;
  }
}

function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}

/** As yoga sends an event stream's head, with the CORS headers it would add for the request's origin. */
function streamHeaders(request: IncomingMessage, cors: EventStreamSettings['cors']): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'text/event-stream',
    connection: 'keep-alive',
    'cache-control': 'no-cache',
    'content-encoding': 'none',
  };
  const origin = header(request, 'origin');
  if (!cors || origin === null) return headers;
  const asFetch = new Request('http://gateway/', { headers: { origin } });
  return { ...headers, ...(getCORSHeadersByRequestAndOptions(asFetch, cors(asFetch)) ?? {}), vary: 'Origin' };
}

/** An event's JSON as yoga writes it: each error with the request id, without yoga's internal extensions. */
function eventData(result: ExecutionResult, requestId: string): string {
  const errors = result.errors?.map((error): GraphQLFormattedError => {
    const formatted = error.toJSON();
    const { http: _http, unexpected: _unexpected, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, requestId } };
  });
  const { http: _http, ...extensions } = result.extensions ?? {};
  return JSON.stringify({
    ...(errors ? { errors } : {}),
    ...('data' in result ? { data: result.data } : {}),
    ...(Object.keys(extensions).length > 0 ? { extensions } : {}),
  });
}

/**
 * The operation a request carries, when it is plainly one: GET parameters, or a JSON object body
 * of a declared length within the limit; with trusted documents on, named by a listed id. Null
 * (yoga then answers) for anything else, with the body if it was read.
 */
async function readOperation(request: IncomingMessage, settings: EventStreamSettings): Promise<{ operation: OperationRequest | null; body: Buffer | null }> {
  if (request.method === 'GET') {
    const params = new URL(request.url ?? '/', 'http://gateway').searchParams;
    const fields: Record<string, unknown> = {};
    try {
      for (const name of ['query', 'operationName', 'documentId'] as const) if (params.has(name)) fields[name] = params.get(name);
      for (const name of ['variables', 'extensions'] as const) if (params.has(name)) fields[name] = JSON.parse(params.get(name) ?? 'null');
    } catch {
      return { operation: null, body: null };
    }
    return { operation: operationOf(fields, settings.trustedDocuments), body: null };
  }
  const declared = Number(request.headers['content-length']);
  const json = (request.headers['content-type'] ?? '').toLowerCase().startsWith('application/json');
  // Yoga words the refusal of an oversized or undeclared body, and of other media types.
  if (!json || !Number.isSafeInteger(declared) || declared > settings.maxBodyBytes) return { operation: null, body: null };
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  try {
    return { operation: operationOf(JSON.parse(body.toString('utf8')) as unknown, settings.trustedDocuments), body };
  } catch {
    return { operation: null, body };
  }
}

function operationOf(params: unknown, trusted: TrustedDocuments | null): OperationRequest | null {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return null;
  const { query, operationName, variables, extensions, documentId } = params as Record<string, unknown>;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (extensions !== undefined && extensions !== null && (typeof extensions !== 'object' || Array.isArray(extensions))) return null;
  const text = trusted
    ? query === undefined
      ? trustedDocumentById(trusted, { documentId, extensions: (extensions ?? {}) as Record<string, unknown> })
      : null
    : typeof query === 'string' && documentId === undefined
      ? query
      : null;
  if (text === null) return null;
  return { query: text, operationName: operationName ?? null, variables: (variables ?? null) as Record<string, unknown> | null };
}
