import { createHash } from 'node:crypto';

/** JSON with object keys sorted and dates as ISO strings, so equal inputs give equal text. */
function canonical(value: unknown): string {
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What makes two calls the same call: the operation and its input, for one GameLift endpoint
 * (`scope`: region and endpoint). Hashed, so keys stay short and hold no ids in clear.
 */
export function callKey(scope: string, operation: string, input: object): string {
  const digest = createHash('sha256').update(canonical(input)).digest('base64url').slice(0, 32);
  return `${scope}:${operation}:${digest}`;
}
