import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** One `AUTH_API_KEYS` entry: who the key belongs to and the SHA-256 of the key. */
export interface ApiKeyEntry {
  readonly name: string;
  readonly digest: Buffer;
}

const ENTRY = /^(?:([A-Za-z0-9_.@:-]{1,64})=)?sha256:([0-9a-fA-F]{64})$/;
/** Longer values are not keys this gateway issued; they are refused without hashing. */
const MAX_KEY_LENGTH = 512;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Parses `AUTH_API_KEYS`: comma-separated `name=sha256:<64 hex>` entries (the name may be left
 * out). Only digests are held: the keys themselves never reach the gateway's configuration.
 */
export function parseApiKeys(raw: string): ApiKeyEntry[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry, index) => {
    const match = ENTRY.exec(entry);
    if (!match?.[2]) {
      throw new Error(`AUTH_API_KEYS entry ${index + 1} is not "name=sha256:<64 hex digits>" (run: npm run api-key -- NAME)`);
    }
    const hex = match[2].toLowerCase();
    return { name: match[1] ?? `sha256:${hex.slice(0, 8)}`, digest: Buffer.from(hex, 'hex') };
  });
}

/**
 * The name of the entry whose digest matches the presented key, or null. Every entry is compared
 * in constant time, and all of them always are, so timing tells nothing about the keys.
 */
export function apiKeyOwner(entries: readonly ApiKeyEntry[], presented: string): string | null {
  if (presented.length === 0 || presented.length > MAX_KEY_LENGTH) return null;
  const digest = sha256(presented);
  let owner: string | null = null;
  for (const entry of entries) {
    if (timingSafeEqual(entry.digest, digest) && owner === null) owner = entry.name;
  }
  return owner;
}

/** A new random key and the `AUTH_API_KEYS` entry that admits it. */
export function newApiKey(name: string): { readonly key: string; readonly entry: string } {
  const key = `fg_${randomBytes(32).toString('base64url')}`;
  return { key, entry: `${name}=sha256:${sha256(key).toString('hex')}` };
}
