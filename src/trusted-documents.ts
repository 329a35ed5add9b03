import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Document text by the SHA-256 hex of that text (lower case, without a `sha256:` prefix). */
export type TrustedDocuments = ReadonlyMap<string, string>;

/** A document id as clients and manifests write it, `sha256:<hex>` or `<hex>`, in the form the map is keyed by. */
export const documentKey = (id: string): string => id.replace(/^sha256:/i, '').toLowerCase();

/**
 * Reads `TRUSTED_DOCUMENTS`: a JSON object mapping each document's id to its text, as GraphQL
 * Code Generator's client preset writes it (`persistedDocuments: { hashAlgorithm: 'sha256' }`:
 * keys `sha256:<hex>`); bare `<hex>` keys are read too. Every key is checked against its text, so
 * a stale manifest fails at start rather than serving a document under another one's id.
 */
export function readTrustedDocuments(path: string): TrustedDocuments {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`TRUSTED_DOCUMENTS: cannot read "${path}" as JSON (${error instanceof Error ? error.message : 'unreadable'})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error(`TRUSTED_DOCUMENTS: "${path}" must hold a JSON object of sha256 hex → document text`);
  }
  const documents = new Map<string, string>();
  for (const [id, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || createHash('sha256').update(text, 'utf8').digest('hex') !== documentKey(id)) {
      throw new Error(`TRUSTED_DOCUMENTS: the entry "${id.slice(0, 80)}" is not "sha256:" and the SHA-256 hex of its document text`);
    }
    documents.set(documentKey(id), text);
  }
  return documents;
}
