/**
 * deploy/kubernetes/ against the gateway itself: the probes name paths the gateway serves without
 * credentials, the ports are the ones it listens on, every variable is one it reads (or the AWS
 * SDK's), the Secret and the Redis Service are the ones referred to, the grace period outlasts
 * the graceful stop, and the whole environment is one the gateway starts with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { configFromEnv, settingNames } from '../src/config.js';
import { routeOf } from '../src/server/routes.js';

interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: { readonly secretKeyRef?: { readonly name: string; readonly key: string } };
}
interface Probe {
  readonly httpGet?: { readonly path: string; readonly port: string | number };
}
interface Container {
  readonly name: string;
  readonly ports?: readonly { readonly name?: string; readonly containerPort: number }[];
  readonly env?: readonly EnvVar[];
  readonly livenessProbe?: Probe;
  readonly readinessProbe?: Probe;
  readonly resources?: { readonly limits?: { readonly memory?: string } };
}
interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly spec?: {
    readonly template?: { readonly metadata?: { readonly annotations?: Record<string, string> }; readonly spec: { readonly containers: readonly Container[]; readonly terminationGracePeriodSeconds?: number } };
    readonly ports?: readonly { readonly name?: string; readonly port: number; readonly targetPort?: string | number }[];
  };
  readonly stringData?: Record<string, string>;
}

const DIR = 'deploy/kubernetes';
const manifests: Manifest[] = readdirSync(DIR)
  .filter((file) => file.endsWith('.yaml'))
  .flatMap((file) => parseAllDocuments(readFileSync(join(DIR, file), 'utf8')).map((document) => document.toJS() as Manifest));
const named = (kind: string, name: string) => {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${DIR}`);
  return found;
};
const gateway = named('Deployment', 'fleetgraph');
const pod = gateway.spec?.template?.spec;
const container = pod?.containers.find((candidate) => candidate.name === 'fleetgraph') as Container;
const env = Object.fromEntries((container.env ?? []).filter((variable) => variable.value !== undefined).map((variable) => [variable.name, variable.value as string]));
/** A port of the container by name or number, as a probe or a Service may refer to it. */
const containerPort = (port: string | number | undefined) =>
  typeof port === 'number' ? port : container.ports?.find((candidate) => candidate.name === port)?.containerPort;

describe('deploy/kubernetes', () => {
  it('probes paths the gateway answers without credentials, on the port it listens on', () => {
    expect(container.livenessProbe?.httpGet?.path).toBe('/health');
    expect(container.readinessProbe?.httpGet?.path).toBe('/ready');
    for (const probe of [container.livenessProbe, container.readinessProbe]) {
      const path = probe?.httpGet?.path ?? '';
      expect(routeOf('GET', path, { metrics: false, assets: false }), path).not.toMatch(/^(api|not-found)$/);
      expect(containerPort(probe?.httpGet?.port)).toBe(Number(env.PORT));
    }
  });

  it('exposes the API through the Service, and /metrics only where Prometheus is told to scrape', () => {
    const service = named('Service', 'fleetgraph');
    expect(service.spec?.ports?.map((port) => containerPort(port.targetPort))).toEqual([Number(env.PORT)]);
    const annotations = gateway.spec?.template?.metadata?.annotations ?? {};
    expect(Number(annotations['prometheus.io/port'])).toBe(Number(env.METRICS_PORT));
    expect(containerPort('metrics')).toBe(Number(env.METRICS_PORT));
    expect(annotations['prometheus.io/path']).toBe('/metrics');
  });

  it('sets only variables the gateway (or the AWS SDK) reads', () => {
    const known = settingNames();
    const unknown = (container.env ?? []).map((variable) => variable.name).filter((name) => !known.has(name) && !name.startsWith('AWS_'));
    expect(unknown).toEqual([]);
  });

  it('takes AUTH_API_KEYS from the Secret it defines, points REDIS_URL at the Redis Service, and outlasts the graceful stop', () => {
    const reference = container.env?.find((variable) => variable.name === 'AUTH_API_KEYS')?.valueFrom?.secretKeyRef;
    const secret = named('Secret', reference?.name ?? '');
    expect(secret.stringData?.[reference?.key ?? '']).toBeDefined();
    const redis = new URL(env.REDIS_URL ?? '');
    expect(named('Service', redis.hostname).spec?.ports?.map((port) => port.port)).toContain(Number(redis.port));
    expect((pod?.terminationGracePeriodSeconds ?? 30) * 1000).toBeGreaterThan(Number(env.SHUTDOWN_TIMEOUT_MS));
  });

  it('gives the gateway an environment it starts with', () => {
    const secret = named('Secret', 'fleetgraph-auth');
    const config = configFromEnv({ ...env, AUTH_API_KEYS: secret.stringData?.AUTH_API_KEYS });
    expect(config.port).toBe(Number(env.PORT));
    expect(config.metricsPort).toBe(Number(env.METRICS_PORT));
    expect(config.redisUrl).toBe(env.REDIS_URL);
  });
});
