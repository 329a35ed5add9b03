import { newApiKey } from '../auth/api-keys.js';

/**
 * `npm run api-key -- NAME`: a new random API key for a client called NAME, and the entry to add
 * to AUTH_API_KEYS. The gateway only ever holds the entry (the key's SHA-256), never the key.
 */
const name = process.argv[2] ?? '';
if (!/^[A-Za-z0-9_.@:-]{1,64}$/.test(name)) {
  console.error('usage: npm run api-key -- NAME   (NAME: 1-64 letters, digits or _ . @ : -)');
  process.exit(2);
}
const { key, entry } = newApiKey(name);
console.log(`key (give it to the client; it is not stored anywhere): ${key}`);
console.log(`AUTH_API_KEYS entry (comma-separate several):         ${entry}`);
