import { newApiKey, parseApiKeys } from '../auth/api-keys.js';

/**
 * `npm run api-key -- NAME`: a new random API key for a client called NAME, and the entry to add
 * to AUTH_API_KEYS. The gateway only ever holds the entry (the key's SHA-256), never the key.
 */
const name = process.argv[2] ?? '';
const { key, entry } = newApiKey(name);
if (!readsBack(entry, name)) {
  console.error('usage: npm run api-key -- NAME   (NAME: 1-64 letters, digits or _ . @ : -)');
  process.exit(2);
}
console.log(`key (give it to the client; it is not stored anywhere): ${key}`);
console.log(`AUTH_API_KEYS entry (comma-separate several):         ${entry}`);

/** Whether the gateway's own parser of AUTH_API_KEYS reads `entry` back as one entry named `name`. */
function readsBack(entry: string, name: string): boolean {
  try {
    const entries = parseApiKeys(entry);
    return entries.length === 1 && entries[0]?.name === name;
  } catch {
    return false;
  }
}
