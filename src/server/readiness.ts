import { GatewayError } from '../gamelift/errors.js';

/** A probe result is reused for at most this long, so that probes from many kubelets cost one call. */
const PROBE_CACHE_MS = 5_000;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly body: Record<string, unknown>;
}

/**
 * Whether this replica should receive traffic: GameLift answers with the configured credentials
 * (a cheap call, fresh, never queued behind the rate budget), and the replica is not shutting
 * down. Dependencies that degrade without stopping service (a shared Redis) are reported, not failed.
 */
export class Readiness {
  private last: { at: number; report: Promise<ReadinessReport> } | null = null;
  private draining = false;

  constructor(
    private readonly probe: () => Promise<void>,
    private readonly dependencies: () => Record<string, string> = () => ({}),
  ) {}

  /** From now on not ready: the load balancer stops sending new requests while in-flight ones finish. */
  drain(): void {
    this.draining = true;
  }

  check(): Promise<ReadinessReport> {
    if (this.draining) return Promise.resolve({ ready: false, body: { status: 'not ready', reason: 'shutting down' } });
    const now = Date.now();
    if (!this.last || now - this.last.at >= PROBE_CACHE_MS) this.last = { at: now, report: this.run() };
    return this.last.report;
  }

  private async run(): Promise<ReadinessReport> {
    try {
      await this.probe();
      return { ready: true, body: { status: 'ready', gamelift: 'ok', ...this.dependencies() } };
    } catch (error) {
      const reason = error instanceof GatewayError ? `${error.code}: ${error.message}` : 'GameLift could not be reached';
      return { ready: false, body: { status: 'not ready', gamelift: 'failing', reason, ...this.dependencies() } };
    }
  }
}
