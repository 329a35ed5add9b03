import type { EnvReader } from '../env.js';

export type OtlpProtocol = 'http/protobuf' | 'http/json';

const SAMPLERS = ['always_on', 'always_off', 'traceidratio', 'parentbased_always_on', 'parentbased_always_off', 'parentbased_traceidratio'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

/** Trace export as the standard OTEL_* variables configure it; null when no OTLP endpoint is set (the default). */
export interface TracingSettings {
  /** Where spans are posted: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces. */
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly serviceName: string;
  readonly sampler: SamplerName;
  /** The ratio of the *traceidratio samplers (OTEL_TRACES_SAMPLER_ARG), 1 by default. */
  readonly samplerRatio: number;
}

const httpUrl = (name: string) => (raw: string) => {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new Error(`${name} must be an http:// or https:// URL, got "${raw}"`);
  return raw;
};

/**
 * Reads the OpenTelemetry SDK's standard variables, checked at start like every other setting
 * (an SDK would silently fall back). gRPC is not offered: OTLP over HTTP reaches every collector.
 */
export function readTracing(env: EnvReader): TracingSettings | null {
  const disabled = env.boolean('OTEL_SDK_DISABLED', false);
  const tracesUrl = env.value('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', null, httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'));
  const baseUrl = env.value('OTEL_EXPORTER_OTLP_ENDPOINT', null, httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT'));
  const protocol = env.value('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', null, parseProtocol('OTEL_EXPORTER_OTLP_TRACES_PROTOCOL')) ??
    env.value('OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf' as OtlpProtocol, parseProtocol('OTEL_EXPORTER_OTLP_PROTOCOL'));
  const serviceName = env.raw('OTEL_SERVICE_NAME') ?? 'fleetgraph';
  const sampler = env.value('OTEL_TRACES_SAMPLER', 'parentbased_always_on' as SamplerName, (raw) => {
    const name = SAMPLERS.find((known) => known === raw);
    if (!name) throw new Error(`OTEL_TRACES_SAMPLER must be one of ${SAMPLERS.join(', ')}, got "${raw}"`);
    return name;
  });
  const samplerRatio = env.value('OTEL_TRACES_SAMPLER_ARG', 1, (raw) => {
    const ratio = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || ratio > 1) throw new Error(`OTEL_TRACES_SAMPLER_ARG must be a number from 0 to 1, got "${raw}"`);
    return ratio;
  });
  const url = tracesUrl ?? (baseUrl === null ? null : `${baseUrl.replace(/\/+$/, '')}/v1/traces`);
  if (disabled || url === null) return null;
  return { url, protocol, serviceName, sampler, samplerRatio };
}

const parseProtocol = (name: string) => (raw: string): OtlpProtocol => {
  if (raw === 'http/protobuf' || raw === 'http/json') return raw;
  throw new Error(`${name} must be http/protobuf or http/json (gRPC is not supported: point it at the collector's OTLP/HTTP port), got "${raw}"`);
};
