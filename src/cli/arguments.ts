import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Where the gateway is and the credentials to send it, each with where it came from (for messages). */
export interface Connection {
  readonly url: URL;
  readonly apiKey?: Credential;
  readonly token?: Credential;
}

/** A secret and the flag or variable it came from; only `source` is ever printed. */
export interface Credential {
  readonly value: string;
  readonly source: string;
}

export interface TailInvocation {
  readonly command: 'tail';
  readonly fleetId: string;
  readonly connection: Connection;
  readonly json: boolean;
  readonly since?: string;
  readonly eventCodes?: readonly string[];
}

export interface DiagnoseInvocation {
  readonly command: 'diagnose';
  readonly fleetId: string;
  readonly connection: Connection;
  readonly json: boolean;
  readonly lines: number;
}

export type Invocation = TailInvocation | DiagnoseInvocation | { readonly command: 'help' };

/** Bad usage: the message and the usage text go to stderr, and the exit code is 2. */
export class UsageError extends Error {}

const DEFAULT_URL = 'http://127.0.0.1:4000/graphql';
const DEFAULT_LOG_LINES = 50;

export const USAGE = `usage: fleetgraph tail FLEET_ID [--since ISO] [--codes CODE,CODE] [options]
       fleetgraph diagnose FLEET_ID [--lines N] [options]

  tail       print the fleet's events as they happen, until the fleet is deleted (or Ctrl-C)
  diagnose   print how the fleet's latest creation went and, if it failed, why

options:
  --url URL        the gateway's GraphQL endpoint (env FLEETGRAPH_URL; default ${DEFAULT_URL})
  --api-key KEY    API key, sent as x-api-key (env FLEETGRAPH_API_KEY)
  --token JWT      bearer token, sent as Authorization: Bearer (env FLEETGRAPH_TOKEN)
  --json           one JSON object per line on stdout, for scripts
  --help           this text
tail:
  --since ISO      first the events at or after this time, then the live ones
  --codes A,B      only events with these codes (FLEET_DELETED, which ends the tail, always comes)
diagnose:
  --lines N        lines of the failure event's log to print (default ${DEFAULT_LOG_LINES}; at most 1000)
`;

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON: Options = {
  url: { type: 'string' },
  'api-key': { type: 'string' },
  token: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean' },
};

const COMMAND_OPTIONS: Record<'tail' | 'diagnose', Options> = {
  tail: { ...COMMON, since: { type: 'string' }, codes: { type: 'string' } },
  diagnose: { ...COMMON, lines: { type: 'string' } },
};

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * Reads `fleetgraph COMMAND FLEET_ID [flags]` (flags as `--flag value` or `--flag=value`, before
 * or after FLEET_ID), falling back to the FLEETGRAPH_* variables. Throws UsageError.
 */
export function parseArguments(argv: readonly string[], env: NodeJS.ProcessEnv): Invocation {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h') return { command: 'help' };
  if (command === undefined) throw new UsageError('a command is required: tail or diagnose');
  if (command !== 'tail' && command !== 'diagnose') throw new UsageError(`unknown command "${command}" (tail or diagnose)`);

  const { values, positionals } = parseFlags(rest, COMMAND_OPTIONS[command]);
  if (values.help === true) return { command: 'help' };
  const [fleetId, ...extra] = positionals;
  if (fleetId === undefined) throw new UsageError(`${command} needs a FLEET_ID`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);

  const common = { fleetId, connection: connectionFrom(values, env), json: values.json === true };
  if (command === 'tail') {
    const since = stringFlag(values, 'since');
    const codes = stringFlag(values, 'codes');
    return {
      command,
      ...common,
      ...(since === undefined ? {} : { since: instant(since) }),
      ...(codes === undefined ? {} : { eventCodes: eventCodes(codes) }),
    };
  }
  const lines = stringFlag(values, 'lines');
  return { command, ...common, lines: lines === undefined ? DEFAULT_LOG_LINES : lineCount(lines) };
}

function parseFlags(args: string[], options: Options): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const flag = /'(-[^' ]*)/.exec((error as Error).message)?.[1] ?? '';
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${flag}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${flag} needs a value`);
    throw new UsageError((error as Error).message);
  }
}

function stringFlag(values: Values, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A flag, else a non-empty environment variable, each remembered with where it came from. */
function credential(values: Values, flag: string, env: NodeJS.ProcessEnv, variable: string): Credential | undefined {
  const fromFlag = stringFlag(values, flag);
  if (fromFlag !== undefined) return { value: fromFlag, source: `--${flag}` };
  const fromEnv = env[variable];
  return fromEnv ? { value: fromEnv, source: variable } : undefined;
}

function connectionFrom(values: Values, env: NodeJS.ProcessEnv): Connection {
  const raw = stringFlag(values, 'url') ?? (env.FLEETGRAPH_URL || DEFAULT_URL);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url / FLEETGRAPH_URL is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url / FLEETGRAPH_URL must be http or https: "${raw}"`);
  const apiKey = credential(values, 'api-key', env, 'FLEETGRAPH_API_KEY');
  const token = credential(values, 'token', env, 'FLEETGRAPH_TOKEN');
  return { url, ...(apiKey ? { apiKey } : {}), ...(token ? { token } : {}) };
}

function instant(text: string): string {
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new UsageError(`--since must be a date and time, e.g. 2026-11-29T09:00:00Z: "${text}"`);
  return new Date(time).toISOString();
}

function eventCodes(text: string): string[] {
  const codes = text
    .split(',')
    .map((code) => code.trim().toUpperCase())
    .filter((code) => code !== '');
  const bad = codes.find((code) => !/^[A-Z][A-Z0-9_]*$/.test(code));
  if (codes.length === 0 || bad !== undefined) throw new UsageError(`--codes must be event codes separated by commas, e.g. FLEET_STATE_ACTIVE,FLEET_DELETED: "${text}"`);
  return codes;
}

function lineCount(text: string): number {
  const lines = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(lines >= 1)) throw new UsageError(`--lines must be a whole number of at least 1: "${text}"`);
  return lines;
}
