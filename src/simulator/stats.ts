import { CallLog, type ApiCall } from './call-log.js';

/** Counters a test reads to check what a client actually sent. */
export interface SimulatorStats {
  /** GameLift API calls by operation name, including ones answered with injected faults. */
  calls: Record<string, number>;
  /** GET/HEAD requests to the log store, whatever their outcome. */
  logRequests: number;
  /** GameLift API requests being handled right now. */
  inFlight: number;
  /** Highest inFlight since start or the last reset. */
  peakInFlight: number;
}

export class StatsRecorder {
  private calls = new Map<string, number>();
  private readonly callLog = new CallLog();
  private logRequests = 0;
  private inFlight = 0;
  private peakInFlight = 0;

  /** Counts and logs one API request to a known operation; `at` is when it arrived, `fleetId` the one it names, if any. */
  countCall(operation: string, at: number, region: string, fleetId?: string): void {
    this.calls.set(operation, (this.calls.get(operation) ?? 0) + 1);
    this.callLog.record({ operation, at, region, ...(fleetId === undefined ? {} : { fleetId }) });
  }

  loggedCalls(): ApiCall[] {
    return this.callLog.calls();
  }

  countLogRequest(): void {
    this.logRequests += 1;
  }

  /** Marks an API request in flight; call the returned function when it is over (extra calls are ignored). */
  beginApiRequest(): () => void {
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.inFlight -= 1;
    };
  }

  snapshot(): SimulatorStats {
    return {
      calls: Object.fromEntries(this.calls),
      logRequests: this.logRequests,
      inFlight: this.inFlight,
      peakInFlight: this.peakInFlight,
    };
  }

  /** Zeroes the counters and empties the call log; requests still in flight stay counted as such. */
  reset(): void {
    this.calls = new Map();
    this.callLog.clear();
    this.logRequests = 0;
    this.peakInFlight = this.inFlight;
  }
}
