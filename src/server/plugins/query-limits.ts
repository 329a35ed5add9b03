import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, Lexer, Source, TokenKind, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { QueryLimits } from '../../config.js';

/**
 * graphql-armor's limits, with what its rejections lack: a stable code, and a message naming
 * the setting, the limit and the actual value. All run at parse or validation, before any
 * resolver, so nothing is called upstream for a rejected operation.
 */
interface Limit {
  readonly code: string;
  /** What was found, in words: `n` is the actual count. */
  readonly found: (n: number) => string;
  readonly setting: string;
}

const DEPTH: Limit = { code: 'DEPTH_LIMIT_EXCEEDED', found: (n) => `is ${n} fields deep`, setting: 'MAX_QUERY_DEPTH' };
const ALIASES: Limit = { code: 'ALIAS_LIMIT_EXCEEDED', found: (n) => `has ${n} aliases`, setting: 'MAX_QUERY_ALIASES' };
const DIRECTIVES: Limit = { code: 'DIRECTIVE_LIMIT_EXCEEDED', found: (n) => `has ${n} directives`, setting: 'MAX_QUERY_DIRECTIVES' };
const TOKENS: Limit = { code: 'TOKEN_LIMIT_EXCEEDED', found: (n) => `has ${n} tokens`, setting: 'MAX_QUERY_TOKENS' };

function limitError(limit: Limit, max: number, actual: number): GraphQLError {
  return new GraphQLError(`The operation ${limit.found(actual)}; the limit is ${max} (${limit.setting}).`, {
    extensions: { code: limit.code, limit: max, actual },
  });
}

/** Armor's validation rules report through this instead of throwing: armor's message carries the count found. */
function reportAs(limit: Limit, max: number) {
  return {
    n: max,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (context: ValidationContext | null, error: GraphQLError) => {
        const actual = Number(/found (\d+)/.exec(error.message)?.[1] ?? max + 1);
        context?.reportError(limitError(limit, max, actual));
      },
    ],
  };
}

/** Tokens are counted while parsing; past the limit the rest is only lexed, to say how many there were. */
function tokenLimit(max: number): Plugin {
  const parse = (source: string | Source, options?: object) => {
    try {
      return new MaxTokensParserWLexer(source, { ...options, n: max, propagateOnRejection: true }).parseDocument();
    } catch (error) {
      if (!(error instanceof GraphQLError) || !error.message.includes('Token limit')) throw error;
      throw limitError(TOKENS, max, countTokens(source));
    }
  };
  return { onParse: ({ setParseFn }) => setParseFn(parse as Parameters<typeof setParseFn>[0]) };
}

function countTokens(source: string | Source): number {
  const lexer = new Lexer(typeof source === 'string' ? new Source(source) : source);
  let count = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF) count++;
  } catch {
    // A lexical error past the limit: what was counted up to it is the honest figure.
  }
  return count;
}

/** The parse and validation limits, in one list; the body limit and the cost limit sit elsewhere (see app.ts). */
export function queryLimits(limits: QueryLimits): Plugin[] {
  return [
    tokenLimit(limits.maxTokens),
    maxDepthPlugin({ ...reportAs(DEPTH, limits.maxDepth), ignoreIntrospection: true }),
    maxAliasesPlugin(reportAs(ALIASES, limits.maxAliases)),
    maxDirectivesPlugin(reportAs(DIRECTIVES, limits.maxDirectives)),
  ];
}
