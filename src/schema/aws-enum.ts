import { builder } from './builder.js';

export const UNKNOWN = 'UNKNOWN';

/**
 * A GraphQL enum mirroring an AWS enum, plus UNKNOWN: AWS adds values over time, and a value the
 * gateway does not know yet must be served as UNKNOWN, not fail serialization and null the result.
 */
export function awsEnum(name: string, description: string, known: readonly string[]) {
  const values = new Set(known);
  const type = builder.enumType(name, {
    description: `${description} UNKNOWN stands for a value newer than this gateway; the raw value is served alongside.`,
    values: [...known, UNKNOWN] as const,
  });
  return {
    type,
    /** The enum value for what AWS sent, or UNKNOWN; null when AWS sent nothing. */
    fromAws: (raw: string | undefined): string | null => (raw === undefined ? null : values.has(raw) ? raw : UNKNOWN),
  };
}
