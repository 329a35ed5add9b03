import { badUserInput } from '../gamelift/errors.js';

const GLOBAL_ID = /^([A-Za-z_]\w*):(.+)$/s;

/**
 * Relay global ids as the relay plugin encodes them (base64 of `Type:id`), decoded so that a
 * malformed id is the client's error (BAD_USER_INPUT), like every other bad argument.
 */
export function decodeGlobalID(globalID: string): { typename: string; id: string } {
  const match = /^[A-Za-z0-9+/_-]+={0,2}$/.test(globalID) ? GLOBAL_ID.exec(Buffer.from(globalID, 'base64').toString('utf8')) : null;
  if (!match?.[1] || !match[2]) {
    throw badUserInput('Not a valid global id. Use an `id` returned by this API.', { argumentName: 'id' });
  }
  return { typename: match[1], id: match[2] };
}
