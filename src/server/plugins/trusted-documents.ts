import { createHash } from 'node:crypto';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { documentKey, type TrustedDocuments } from '../../trusted-documents.js';

/** The id a request names its document by: GraphQL-over-HTTP `documentId`, or Apollo's persisted query hash; with or without `sha256:`. */
function documentIdOf(params: { documentId?: unknown; extensions?: Record<string, unknown> }): string | null {
  if (typeof params.documentId === 'string') return documentKey(params.documentId);
  const persisted = params.extensions?.persistedQuery;
  if (typeof persisted === 'object' && persisted !== null && 'sha256Hash' in persisted && typeof persisted.sha256Hash === 'string') {
    return documentKey(persisted.sha256Hash);
  }
  return null;
}

const onlyTrusted = {
  message: 'This gateway runs trusted documents only: send {"documentId": "sha256:<hex>"} of a document in its list.',
  extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } },
};

/** The text of the trusted document a request names by id (`documentId`, or Apollo's hash), or null. */
export function trustedDocumentById(documents: TrustedDocuments, params: { documentId?: unknown; extensions?: Record<string, unknown> }): string | null {
  const id = documentIdOf(params);
  return id === null ? null : (documents.get(id) ?? null);
}

/**
 * The text of the trusted document a WebSocket operation names (Apollo's persisted-query hash in
 * its extensions), or the text it sent when that text is itself in the list; null otherwise.
 */
export function trustedDocumentText(
  documents: TrustedDocuments,
  payload: { readonly query?: string | null; readonly extensions?: Record<string, unknown> | null; readonly documentId?: unknown },
): string | null {
  if (documentIdOf({ documentId: payload.documentId, extensions: payload.extensions ?? {} }) !== null) {
    return trustedDocumentById(documents, { documentId: payload.documentId, extensions: payload.extensions ?? {} });
  }
  const text = payload.query ?? '';
  const hash = createHash('sha256').update(text, 'utf8').digest('hex');
  return documents.get(hash) === text ? text : null;
}

/**
 * `GET /graphql?documentId=…`: yoga's GET parser reads only query, operationName, variables and
 * extensions from the URL, so the id is read here.
 */
function documentIdInUrl(request: Request): string | null {
  if (request.method !== 'GET') return null;
  const id = new URL(request.url).searchParams.get('documentId');
  return id === null ? null : documentKey(id);
}

/** With trusted documents on, a request runs a listed document by id, and nothing else. */
export function trustedDocumentsOnly(documents: TrustedDocuments): Plugin {
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params, request) => documentIdOf(params as Parameters<typeof documentIdOf>[0]) ?? documentIdInUrl(request),
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      persistedQueryOnly: onlyTrusted,
      keyNotFound: onlyTrusted,
      notFound: {
        message: 'PersistedQueryNotFound: no trusted document has this id.',
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND', http: { status: 400 } },
      },
    },
  });
}
