/** Environment variables as the gateway reads them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Every bad or missing setting found at start, one line each. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/**
 * Reads settings and collects what is wrong with them instead of stopping at the first, so that
 * one start tells an operator everything to fix. Blank values count as unset.
 */
export class EnvReader {
  private readonly problems: string[] = [];
  /** Every variable asked for, set or not. */
  readonly names = new Set<string>();

  constructor(readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    this.names.add(name);
    const value = this.env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    return this.value(name, fallback, (raw) => {
      const value = Number(raw);
      if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value) || value < min || value > max) {
        throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      }
      return value;
    });
  }

  /** A decimal number in (min, max]: a ratio such as LIVE_BUDGET_SHARE. */
  fraction(name: string, fallback: number, min: number, max: number): number {
    return this.value(name, fallback, (raw) => {
      const value = Number(raw);
      if (!/^\d*\.?\d+$/.test(raw) || !(value > min && value <= max)) {
        throw new Error(`${name} must be a number above ${min} and at most ${max}, got "${raw}"`);
      }
      return value;
    });
  }

  boolean(name: string, fallback: boolean): boolean {
    return this.value(name, fallback, (raw) => {
      if (/^(true|1|yes)$/i.test(raw)) return true;
      if (/^(false|0|no)$/i.test(raw)) return false;
      throw new Error(`${name} must be true or false, got "${raw}"`);
    });
  }

  /** A value parsed by `parse`, whose Error message (one line naming the variable) is the problem. */
  value<T>(name: string, fallback: T, parse: (raw: string) => T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    try {
      return parse(raw);
    } catch (error) {
      this.problem(error instanceof Error ? error.message : `${name} is not valid`);
      return fallback;
    }
  }

  problem(line: string): void {
    this.problems.push(line);
  }

  /** Throws ConfigError listing every problem found, if any. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError([...this.problems]);
  }
}

/** Reads settings with `read`, then throws ConfigError if anything was wrong. */
export function readEnv<T>(env: Env, read: (reader: EnvReader) => T): T {
  const reader = new EnvReader(env);
  const value = read(reader);
  reader.finish();
  return value;
}
