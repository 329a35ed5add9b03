import { createHash } from 'node:crypto';

/**
 * What makes two calls the same call: the operation and its input, for one GameLift endpoint
 * (`scope`: region and endpoint). Hashed, so keys stay short and hold no ids in clear.
 */
export function callKey(scope: string, operation: string, input: object): string {
  // Inputs are built by the access layer, always with their keys in the same order: plain JSON
  // (dates as ISO strings, undefined left out) is canonical enough.
  const digest = createHash('sha256').update(JSON.stringify(input)).digest('base64url').slice(0, 32);
  return `${scope}:${operation}:${digest}`;
}
