import { createHash } from 'node:crypto';
import { useResponseCache, type BuildResponseCacheKeyFunction } from '@graphql-yoga/plugin-response-cache';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { recordOf } from '../../observability/request-record.js';
import type { ResponseStore } from '../response-store.js';

export interface ResponseCacheObserver {
  responseCache(result: 'hit' | 'miss'): void;
}

/** How the plugin marks an answer it took from the cache. */
const SERVED_FROM_CACHE = Symbol.for('servedFromResponseCache');

/**
 * Fields whose answer must be fresh: log URLs expire, and log content is read under per-request
 * limits. An operation that selects any of them is never cached (a TTL of 0 for the coordinate).
 */
const FRESH_FIELDS = ['FleetEvent.preSignedLogUrl', 'FleetEvent.logContent', 'FleetEvent.log', 'FleetCreationDiagnosis.logTail'];

/**
 * The document as sent (after a trusted document id is resolved), its operation and variables.
 * Nothing else can change an answer: every authenticated caller may read every fleet, so callers
 * share entries. Variables in another key order are another entry, never a wrong one.
 */
const keyOf: BuildResponseCacheKeyFunction = ({ documentString, operationName, variableValues }) =>
  createHash('sha256')
    .update(documentString)
    .update('\0')
    .update(operationName ?? '')
    .update('\0')
    .update(JSON.stringify(variableValues ?? {}))
    .digest('base64url');

/**
 * Whole answers of queries reused for `ttlMs` (RESPONSE_CACHE_TTL_MS), and never past the expiry
 * of the GameLift answers they were built from: a hit skips parsing, validation and execution, and
 * sends the bytes first sent. Never subscriptions, answers with errors, introspection, or
 * operations that select a fresh field.
 */
export function responseCache(ttlMs: number, store: ResponseStore, observer: ResponseCacheObserver): Plugin {
  const cache = useResponseCache({
    session: () => null,
    cache: store,
    ttl: ttlMs,
    ttlPerSchemaCoordinate: Object.fromEntries(FRESH_FIELDS.map((coordinate) => [coordinate, 0])),
    buildResponseCacheKey: keyOf,
    // Never longer than the cached GameLift answers it was built from: until then, a fresh
    // execution would read those same answers and send the same bytes. A GameLift call that was
    // not cached (its kind's TTL is 0) makes the answer not reusable at all.
    onTtl: ({ ttl, context }) => {
      const request = (context as { request?: Request }).request;
      const until = request && recordOf(request)?.tally.reusableUntil;
      return until === undefined ? ttl : Math.max(0, Math.min(ttl, until - Date.now()));
    },
    // Nothing to invalidate (no mutations) and no entity ids to collect: fewer fields executed on a miss.
    invalidateViaMutation: false,
    idFields: [],
    // A cached answer carries nothing a fresh one does not.
    includeExtensionMetadata: false,
  });
  return {
    onPluginInit({ addPlugin }) {
      addPlugin(cache);
    },
    // Counted here, not in the store: the plugin looks a missing answer up twice (before parsing, and at execution).
    onExecutionResult({ result }) {
      if (result && !isAsyncIterable(result)) observer.responseCache(SERVED_FROM_CACHE in result ? 'hit' : 'miss');
    },
  };
}
