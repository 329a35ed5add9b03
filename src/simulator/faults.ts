/** Failure modes a test can switch on to exercise client resilience. */
export interface Faults {
  /** Added to every GameLift API response (log fetches are S3, another service: not delayed). */
  latencyMs: number;
  /** Every Nth GameLift API request answers ThrottlingException (0 = off). */
  throttleEveryNth: number;
  /** Every Nth GameLift API request answers InternalServiceException, HTTP 500 (0 = off). */
  internalErrorEveryNth: number;
  /** The next N log fetches (GET or HEAD) answer 403 "Request has expired" whatever the URL; counts down. */
  expireNextLogFetches: number;
}

export type ApiFault = 'ThrottlingException' | 'InternalServiceException';

const NO_FAULTS: Faults = { latencyMs: 0, throttleEveryNth: 0, internalErrorEveryNth: 0, expireNextLogFetches: 0 };

function validated(changes: Partial<Faults>): Partial<Faults> {
  for (const [name, value] of Object.entries(changes)) {
    if (!(name in NO_FAULTS)) throw new TypeError(`Unknown fault "${name}"; known: ${Object.keys(NO_FAULTS).join(', ')}`);
    if (value !== undefined && (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)) {
      throw new RangeError(`Fault ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
  return changes;
}

/** Decides, request by request, which injected fault (if any) applies. */
export class FaultInjector {
  private faults: Faults;
  /** API requests counted since the faults last changed, so "every Nth" is predictable in tests. */
  private sequence = 0;

  constructor(initial: Partial<Faults> = {}) {
    this.faults = { ...NO_FAULTS, ...validated(initial) };
  }

  get current(): Readonly<Faults> {
    return this.faults;
  }

  /** Merges `changes` into the current faults and restarts the every-Nth count. */
  update(changes: Partial<Faults>): void {
    const defined = Object.fromEntries(Object.entries(validated(changes)).filter(([, value]) => value !== undefined));
    this.faults = { ...this.faults, ...defined };
    this.sequence = 0;
  }

  /** Counts one GameLift API request and says which fault it gets; throttling wins a tie. */
  nextApiFault(): ApiFault | undefined {
    this.sequence += 1;
    const hits = (every: number): boolean => every > 0 && this.sequence % every === 0;
    if (hits(this.faults.throttleEveryNth)) return 'ThrottlingException';
    if (hits(this.faults.internalErrorEveryNth)) return 'InternalServiceException';
    return undefined;
  }

  /** Consumes one forced expiry, if any are left. */
  takeLogExpiry(): boolean {
    if (this.faults.expireNextLogFetches === 0) return false;
    this.faults = { ...this.faults, expireNextLogFetches: this.faults.expireNextLogFetches - 1 };
    return true;
  }
}
