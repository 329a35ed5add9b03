import { createHash } from 'node:crypto';
import { BREAK, getOperationAST, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { LRUCache } from 'lru-cache';
import { recordOf } from '../../observability/request-record.js';
import type { ResponseStore } from '../response-store.js';

export interface ResponseCacheObserver {
  responseCache(result: 'hit' | 'miss'): void;
}

/**
 * Fields whose answer must be fresh: log URLs expire, and log content is read under per-request
 * limits. A document that selects any of them is never cached; nor is introspection.
 */
const FRESH_FIELDS = new Set(['FleetEvent.preSignedLogUrl', 'FleetEvent.logContent', 'FleetEvent.log', 'FleetCreationDiagnosis.logTail']);
const INTROSPECTION = new Set(['__schema', '__type']);

/**
 * The document as sent (after a trusted document id is resolved), its operation and variables.
 * Nothing else can change an answer: every authenticated caller may read every fleet, so callers
 * share entries. Variables in another key order are another entry, never a wrong one.
 */
function keyOf(query: string, operationName: string | undefined, variables: unknown): string {
  return createHash('sha256')
    .update(query)
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(JSON.stringify(variables ?? {}))
    .digest('base64url');
}

/** Whether a document selects nothing that must be fresh: decided once per parsed document (yoga caches those). */
const reusableDocuments = new WeakMap<DocumentNode, boolean>();

function selectsOnlyReusable(schema: GraphQLSchema, document: DocumentNode): boolean {
  let reusable = reusableDocuments.get(document);
  if (reusable !== undefined) return reusable;
  reusable = true;
  const types = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(types, {
      Field(node) {
        const field = node.name.value;
        if (INTROSPECTION.has(field) || FRESH_FIELDS.has(`${types.getParentType()?.name}.${field}`)) {
          reusable = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  reusableDocuments.set(document, reusable);
  return reusable;
}

/**
 * An answer is stored only when its key was asked for before, within this window: dashboards ask
 * the same few things again and again, and are served from their second request on, while a load
 * of queries that never repeat (each its own `startTime`) stores nothing, instead of filling the
 * cache, the heap and the garbage collector's work with answers nobody asks for again.
 */
const REPEAT_WINDOW_MS = 60_000;
/** Keys remembered for that: about 100 bytes each. */
const REPEAT_MAX_KEYS = 10_000;

/** An entry's tag: a SHA-256 in base64url. */
const TAG = /^[A-Za-z0-9_-]{43}$/;
/** Tags of one `If-None-Match` looked up at most: a header of a thousand costs no more than this. */
const MAX_TAGS = 4;

/** The entry tags an `If-None-Match` header names (weak or strong, quoted or not), the first few that can be ours. */
function tagsOf(header: string | null): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter((tag) => TAG.test(tag))
    .slice(0, MAX_TAGS);
}

/**
 * Whole answers of queries reused for `ttlMs` (RESPONSE_CACHE_TTL_MS), and never past the expiry
 * of the GameLift answers they were built from (the request's tally knows it); stored from the
 * second time their key is asked within a minute (REPEAT_WINDOW_MS). A hit is found
 * right after the request's parameters are read, so it skips parsing, validation and execution,
 * and sends the bytes first sent. Never subscriptions, answers with errors, introspection, or
 * documents that select a fresh field. Answers carry their entry as an `ETag`: `If-None-Match`
 * of an entry still cached gets 304. Last in the plugin list: every plugin before it (the
 * authentication, trusted documents) has had its say, and every result is final when stored.
 */
export function responseCache(ttlMs: number, store: ResponseStore, observer: ResponseCacheObserver): Plugin {
  const keys = new WeakMap<Request, string>();
  /** Keys asked for lately that were not in the cache; and the requests that asked for one again, whose answer is stored. */
  const asked = new LRUCache<string, true>({ max: REPEAT_MAX_KEYS, ttl: REPEAT_WINDOW_MS, ttlAutopurge: false });
  const repeated = new WeakSet<Request>();
  /** Requests answered from the cache. */
  const hits = new WeakSet<Request>();
  /** Requests whose answer is (now) an entry: they carry it as their ETag. */
  const entries = new WeakSet<Request>();
  return {
    async onRequest({ request, fetchAPI, endResponse }) {
      for (const tag of tagsOf(request.headers.get('if-none-match'))) {
        if (await store.get(tag)) return endResponse(new fetchAPI.Response(null, { status: 304, headers: { etag: `"${tag}"` } }));
      }
    },
    async onParams({ params, request, setResult }) {
      if (typeof params.query !== 'string') return;
      const key = keyOf(params.query, params.operationName, params.variables);
      keys.set(request, key);
      const hit = await store.get(key);
      if (!hit) {
        if (asked.has(key)) repeated.add(request);
        else asked.set(key, true);
        return;
      }
      hits.add(request);
      entries.add(request);
      setResult(hit);
    },
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request;
      const key = request && keys.get(request);
      if (!request || !key || !repeated.has(request)) return;
      if (getOperationAST(args.document, args.operationName)?.operation !== 'query' || !selectsOnlyReusable(args.schema, args.document)) return;
      return {
        onExecuteDone({ result }) {
          if (isAsyncIterable(result) || result.errors?.length) return;
          // Never longer than the cached GameLift answers it was built from: until then, a fresh
          // execution would read those same answers and send the same bytes. A GameLift call that
          // was not cached (its kind's TTL is 0) makes the answer not reusable at all.
          const until = recordOf(request)?.tally.reusableUntil;
          const ttl = until === undefined ? ttlMs : Math.min(ttlMs, until - Date.now());
          if (ttl <= 0) return;
          void store.set(key, result, ttl);
          entries.add(request);
        },
      };
    },
    onExecutionResult({ request, result }) {
      if (!result || isAsyncIterable(result)) return;
      const outcome = hits.has(request) ? 'hit' : 'miss';
      observer.responseCache(outcome);
      const record = recordOf(request);
      if (record) record.responseCache = outcome;
    },
    onResponse({ request, response }) {
      const key = keys.get(request);
      if (key && entries.has(request)) response.headers.set('etag', `"${key}"`);
    },
  };
}
