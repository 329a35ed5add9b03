import { invalidRequest } from './errors.js';

/** Constraints from the GameLift API model. */
export interface StringRule {
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
}

export const FLEET_ID_OR_ARN: StringRule = {
  min: 1,
  max: 512,
  pattern: /^[a-z]*fleet-[a-zA-Z0-9-]+$|^arn:.*:[a-z]*fleet\/[a-z]*fleet-[a-zA-Z0-9-]+$/,
};
export const BUILD_ID_OR_ARN: StringRule = { pattern: /^build-\S+|^arn:.*:build\/build-\S+/ };
export const SCRIPT_ID_OR_ARN: StringRule = { pattern: /^script-\S+|^arn:.*:script\/script-\S+/ };
export const NEXT_TOKEN: StringRule = { min: 1, max: 1024 };

/** Long inputs are cut in messages so a client's mistake never echoes megabytes back. */
function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 100 ? `${text.slice(0, 100)}...` : text;
}

/** Model member names appear lowerCamelCased in AWS validation messages ('fleetId'). */
const modelName = (member: string): string => member.charAt(0).toLowerCase() + member.slice(1);

/**
 * Reads members of a request body, collecting every constraint violation so the client gets them
 * all in one InvalidRequestException, worded like AWS's own validation errors. Members that are
 * not in the model are ignored, as AWS does.
 */
export class InputReader {
  private readonly problems: string[] = [];

  constructor(private readonly input: Readonly<Record<string, unknown>>) {}

  string(member: string, rule: StringRule): string | undefined {
    const value = this.input[member];
    return value === undefined || value === null ? undefined : this.checkString(modelName(member), value, rule);
  }

  /** For required members: any problem is recorded and '' returned, which done() then rejects. */
  requiredString(member: string, rule: StringRule): string {
    if (this.input[member] === undefined || this.input[member] === null) {
      this.fail(`Value null at '${modelName(member)}' failed to satisfy constraint: Member must not be null`);
    }
    return this.string(member, rule) ?? '';
  }

  integer(member: string, min: number): number | undefined {
    const value = this.input[member];
    if (value === undefined || value === null) return undefined;
    const at = `at '${modelName(member)}' failed to satisfy constraint`;
    if (typeof value !== 'number' || !Number.isInteger(value)) return this.fail(`Value '${show(value)}' ${at}: Member must be an integer`);
    if (value < min) return this.fail(`Value '${value}' ${at}: Member must have value greater than or equal to ${min}`);
    return value;
  }

  /** Wire timestamps are epoch seconds with a millisecond fraction; returns epoch milliseconds. */
  timestamp(member: string): number | undefined {
    const value = this.input[member];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return this.fail(`Value '${show(value)}' at '${modelName(member)}' failed to satisfy constraint: Member must be a timestamp in epoch seconds`);
    }
    return Math.round(value * 1000);
  }

  stringList(member: string, minItems: number, item: StringRule): string[] | undefined {
    const value = this.input[member];
    if (value === undefined || value === null) return undefined;
    const name = modelName(member);
    if (!Array.isArray(value)) return this.fail(`Value '${show(value)}' at '${name}' failed to satisfy constraint: Member must be a list`);
    if (value.length < minItems) {
      return this.fail(`Value '[]' at '${name}' failed to satisfy constraint: Member must have length greater than or equal to ${minItems}`);
    }
    const items = value.map((entry: unknown, i) => this.checkString(`${name}.${i + 1}.member`, entry, item));
    return items.every((entry): entry is string => entry !== undefined) ? items : undefined;
  }

  /** Throws one InvalidRequestException listing every problem found so far. */
  done(): void {
    const count = this.problems.length;
    if (count === 0) return;
    throw invalidRequest(`${count} validation error${count > 1 ? 's' : ''} detected: ${this.problems.join('; ')}`);
  }

  private checkString(name: string, value: unknown, rule: StringRule): string | undefined {
    const at = `at '${name}' failed to satisfy constraint`;
    if (typeof value !== 'string') return this.fail(`Value '${show(value)}' ${at}: Member must be a string`);
    if (rule.min !== undefined && value.length < rule.min) {
      return this.fail(`Value '${show(value)}' ${at}: Member must have length greater than or equal to ${rule.min}`);
    }
    if (rule.max !== undefined && value.length > rule.max) {
      return this.fail(`Value '${show(value)}' ${at}: Member must have length less than or equal to ${rule.max}`);
    }
    if (rule.pattern && !rule.pattern.test(value)) {
      return this.fail(`Value '${show(value)}' ${at}: Member must satisfy regular expression pattern: ${rule.pattern.source}`);
    }
    return value;
  }

  private fail(problem: string): undefined {
    this.problems.push(problem);
    return undefined;
  }
}
