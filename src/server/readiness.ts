import { GatewayError } from '../gamelift/errors.js';

/** A probe result is reused for at most this long, so that probes from many kubelets cost one call. */
const PROBE_CACHE_MS = 5_000;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly body: Record<string, unknown>;
}

/**
 * Whether this replica should receive traffic: GameLift answers with the configured credentials in
 * at least one Region served (a cheap call per Region, fresh, never queued behind the rate budget),
 * and the replica is not shutting down. A Region that fails while another answers is reported as
 * `degraded`, not failed: the fleets of the others are still served. Dependencies that degrade
 * without stopping service (a shared Redis) are reported too.
 */
export class Readiness {
  private last: { at: number; report: Promise<ReadinessReport> } | null = null;
  private draining = false;

  constructor(
    /** One probe per Region served, in GAMELIFT_REGIONS order. */
    private readonly probes: ReadonlyMap<string, () => Promise<void>>,
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
    const results = await Promise.all(
      [...this.probes].map(async ([region, probe]) => {
        try {
          await probe();
          return [region, null] as const;
        } catch (error) {
          return [region, error instanceof GatewayError ? `${error.code}: ${error.message}` : 'GameLift could not be reached'] as const;
        }
      }),
    );
    const failing = results.filter(([, reason]) => reason !== null);
    const regions = Object.fromEntries(results.map(([region, reason]) => [region, reason === null ? 'ok' : 'degraded']));
    const reasons = Object.fromEntries(failing.map(([region, reason]) => [region, reason]));
    if (failing.length === results.length) {
      const [, reason] = failing[0] ?? [];
      return { ready: false, body: { status: 'not ready', gamelift: 'failing', reason, regions, ...(failing.length > 1 ? { reasons } : {}), ...this.dependencies() } };
    }
    return {
      ready: true,
      body: { status: 'ready', gamelift: failing.length > 0 ? 'degraded' : 'ok', regions, ...(failing.length > 0 ? { reasons } : {}), ...this.dependencies() },
    };
  }
}
