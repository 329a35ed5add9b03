import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Document text by the SHA-256 hex of that text. */
export type TrustedDocuments = ReadonlyMap<string, string>;

/**
 * Reads `TRUSTED_DOCUMENTS`: a JSON object mapping the SHA-256 hex of each document's text to
 * the text, as GraphQL Code Generator's client preset writes it (`persistedDocuments` with
 * `hashAlgorithm: 'sha256'`). Every key is checked against its text, so a stale manifest fails
 * at start rather than serving a document under another one's id.
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
  for (const [hash, text] of Object.entries(parsed)) {
    if (typeof text !== 'string' || createHash('sha256').update(text, 'utf8').digest('hex') !== hash.toLowerCase()) {
      throw new Error(`TRUSTED_DOCUMENTS: the entry "${hash.slice(0, 80)}" is not the SHA-256 hex of its document text`);
    }
    documents.set(hash.toLowerCase(), text);
  }
  return documents;
}
