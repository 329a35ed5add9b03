import { MAX_BODY_BYTES } from '../http/body.js';
import { FAILURE_EVENT_CODES, type FailureEventCode } from '../seed/index.js';
import { badInput } from './control-error.js';

export type FleetOutcome = 'ACTIVE' | FailureEventCode;

export interface CreateFleetOptions {
  /** A fleet id of its own (`fleet-` and letters, digits or dashes), e.g. for a demo's fixed id; default a random one. */
  readonly fleetId?: string;
  /** 1–1,024 characters; default `<game>-live-<n>`. */
  readonly name?: string;
  /** Default 'ACTIVE'; any of FAILURE_EVENT_CODES ends creation in ERROR with that event. */
  readonly outcome?: FleetOutcome;
  /** Wall-clock ms between creation steps; default 2,000, at most 3,600,000; 0 writes every step at once. */
  readonly phaseMs?: number;
  /** Exact text of the failure event's log (failure outcomes only); default a generated one. */
  readonly failureLog?: string;
  /** Default the Battle Royale release candidate; a seeded game's build makes logs about that game. */
  readonly buildId?: string;
}

export interface AppendedEvent {
  /** Any upper-case code, known or not (AWS keeps adding codes). */
  readonly eventCode: string;
  readonly message?: string;
  /** Epoch ms; default now, strictly after the fleet's newest event. An older time is put in order. */
  readonly eventTime?: number;
  /** Log text, served through a PreSignedLogUrl like the seeded logs. */
  readonly log?: string;
}

/** createFleet options with the defaults that are plain values applied. */
type FleetOrder = CreateFleetOptions & Required<Pick<CreateFleetOptions, 'outcome' | 'phaseMs'>>;

const DEFAULT_PHASE_MS = 2_000;
const MAX_PHASE_MS = 3_600_000;
const MAX_MESSAGE_CHARS = 10_000;
const OUTCOMES: readonly string[] = ['ACTIVE', ...FAILURE_EVENT_CODES];

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 60)}...` : text;
};

/**
 * Reads one JSON object whose fields are all known, failing on the first problem with a message
 * that names the field, since a control call has one caller reading one answer.
 */
class Fields {
  private readonly input: Readonly<Record<string, unknown>>;

  constructor(
    private readonly where: string,
    value: unknown,
    known: readonly string[],
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badInput(`${where} must be a JSON object, got ${show(value)}`);
    this.input = value as Readonly<Record<string, unknown>>;
    const unknown = Object.keys(this.input).find((key) => !known.includes(key));
    if (unknown !== undefined) throw badInput(`${where} has no field "${unknown}"; known: ${known.join(', ')}`);
  }

  /** `check` narrows the type, so a field checked against a list comes back as that list's union. */
  string<T extends string>(name: string, check: (text: string) => text is T, expected: string): T | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !check(value)) throw badInput(`${this.where}.${name} must be ${expected}, got ${show(value)}`);
    return value;
  }

  integer(name: string, min: number, max: number): number | undefined {
    const value = this.input[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw badInput(`${this.where}.${name} must be an integer from ${min} to ${max}, got ${show(value)}`);
    }
    return value;
  }
}

const lengthIn =
  (min: number, max: number) =>
  (text: string): text is string =>
    text.length >= min && text.length <= max;
const matching =
  (pattern: RegExp) =>
  (text: string): text is string =>
    pattern.test(text);
const logSized = (text: string): text is string => Buffer.byteLength(text, 'utf8') <= MAX_BODY_BYTES;
const isOutcome = (text: string): text is FleetOutcome => OUTCOMES.includes(text);
const LOG_SIZE = `a string of at most ${MAX_BODY_BYTES} UTF-8 bytes`;

export function readCreateFleetOptions(value: unknown = {}): FleetOrder {
  const fields = new Fields('createFleet options', value, ['fleetId', 'name', 'outcome', 'phaseMs', 'failureLog', 'buildId']);
  const fleetId = fields.string('fleetId', matching(/^fleet-[a-zA-Z0-9-]{1,100}$/), 'a fleet id like fleet-1111aaaa-22bb-33cc-44dd-5555eeee66ff');
  const name = fields.string('name', lengthIn(1, 1_024), 'a string of 1 to 1024 characters');
  const outcome = fields.string('outcome', isOutcome, `one of ${OUTCOMES.join(', ')}`) ?? 'ACTIVE';
  const phaseMs = fields.integer('phaseMs', 0, MAX_PHASE_MS) ?? DEFAULT_PHASE_MS;
  const failureLog = fields.string('failureLog', logSized, LOG_SIZE);
  const buildId = fields.string('buildId', matching(/^build-[a-zA-Z0-9-]{1,122}$/), 'a build id like build-1111aaaa-22bb-33cc-44dd-5555eeee66ff');
  if (failureLog !== undefined && outcome === 'ACTIVE') throw badInput('createFleet options.failureLog needs a failure outcome; outcome is ACTIVE');
  return { outcome, phaseMs, ...(fleetId === undefined ? {} : { fleetId }), ...(name === undefined ? {} : { name }), ...(failureLog === undefined ? {} : { failureLog }), ...(buildId === undefined ? {} : { buildId }) };
}

export function readAppendedEvents(value: unknown): AppendedEvent[] {
  if (!Array.isArray(value) || value.length === 0) throw badInput(`events must be a non-empty array, got ${show(value)}`);
  return value.map((item: unknown, i): AppendedEvent => {
    const fields = new Fields(`events[${i}]`, item, ['eventCode', 'message', 'eventTime', 'log']);
    const eventCode = fields.string('eventCode', matching(/^[A-Z][A-Z0-9_]{0,127}$/), 'an upper-case event code like FLEET_SCALING_EVENT');
    if (eventCode === undefined) throw badInput(`events[${i}].eventCode is required`);
    const message = fields.string('message', lengthIn(1, MAX_MESSAGE_CHARS), `a string of 1 to ${MAX_MESSAGE_CHARS} characters`);
    const eventTime = fields.integer('eventTime', 0, Number.MAX_SAFE_INTEGER);
    const log = fields.string('log', logSized, LOG_SIZE);
    return {
      eventCode,
      ...(message === undefined ? {} : { message }),
      ...(eventTime === undefined ? {} : { eventTime }),
      ...(log === undefined ? {} : { log }),
    };
  });
}
