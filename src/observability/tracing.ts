import { readFile } from 'node:fs/promises';
import { diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span, type Tracer as OtelTracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { Logger } from './logger.js';
import type { SpanAttributes, TraceSpan, Tracer } from './trace-span.js';
import type { TracingSettings } from './tracing-config.js';

/** Export failures (a collector down) are logged at most this often: the batch processor retries every few seconds. */
const EXPORT_WARNING_INTERVAL_MS = 60_000;

/**
 * Starts exporting traces over OTLP/HTTP as `settings` say. Loaded only when they are set, so a
 * gateway without traces never loads the SDK. Spans are batched (OTEL_BSP_* as the SDK reads
 * them) and parented explicitly, never through an async context: only the spans the gateway
 * makes exist, each under the one it names.
 */
export async function startTracing(settings: TracingSettings, logger: Logger): Promise<Tracer> {
  const version = await packageVersion();
  const { OTLPTraceExporter } =
    settings.protocol === 'http/json' ? await import('@opentelemetry/exporter-trace-otlp-http') : await import('@opentelemetry/exporter-trace-otlp-proto');
  const exporter: SpanExporter = new OTLPTraceExporter({ url: settings.url });
  reportExportFailures(logger);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName, ...(version ? { 'service.version': version } : {}) }),
    sampler: samplerOf(settings),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('fleetgraph', version ?? undefined);
  const propagator = new W3CTraceContextPropagator();
  return {
    start(name, attributes, headers) {
      const parent = headers ? propagator.extract(ROOT_CONTEXT, headers, headerGetter) : ROOT_CONTEXT;
      return new OtelSpan(tracer, tracer.startSpan(name, { kind: headers ? SpanKind.SERVER : SpanKind.INTERNAL, attributes: defined(attributes) }, parent));
    },
    shutdown: () => provider.shutdown(),
  };
}

/** The gateway's version, from the package.json beside src/ or dist/ (the image keeps it). */
async function packageVersion(): Promise<string | null> {
  try {
    const text = await readFile(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? null;
  } catch {
    return null;
  }
}

class OtelSpan implements TraceSpan {
  constructor(
    private readonly tracer: OtelTracer,
    private readonly span: Span,
  ) {}

  child(name: string, attributes: SpanAttributes = {}, kind: 'internal' | 'client' = 'internal'): TraceSpan {
    const parent: Context = trace.setSpan(ROOT_CONTEXT, this.span);
    const options = { kind: kind === 'client' ? SpanKind.CLIENT : SpanKind.INTERNAL, attributes: defined(attributes) };
    return new OtelSpan(this.tracer, this.tracer.startSpan(name, options, parent));
  }

  set(attributes: SpanAttributes): void {
    this.span.setAttributes(defined(attributes));
  }

  rename(name: string): void {
    this.span.updateName(name);
  }

  end(failure?: { readonly code: string }): void {
    if (failure) {
      this.span.setAttribute('error.type', failure.code);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: failure.code });
    }
    this.span.end();
  }
}

const headerGetter = {
  keys: (headers: Headers) => [...headers.keys()],
  get: (headers: Headers, key: string) => headers.get(key) ?? undefined,
};

function defined(attributes: SpanAttributes): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string | number | boolean | string[]> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = typeof value === 'object' ? [...value] : value;
  return out;
}

function samplerOf({ sampler, samplerRatio }: TracingSettings): Sampler {
  const ratio = () => new TraceIdRatioBasedSampler(samplerRatio);
  switch (sampler) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_on':
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
  }
}

/** The SDK reports a failed export through its diagnostic logger only: one line a minute in the gateway's log instead. */
function reportExportFailures(logger: Logger): void {
  let last = 0;
  const warn = (message: string) => {
    if (Date.now() - last < EXPORT_WARNING_INTERVAL_MS) return;
    last = Date.now();
    logger.warn({ detail: message.slice(0, 200) }, 'exporting traces failed (OTEL_EXPORTER_OTLP_ENDPOINT); spans are dropped until the collector answers');
  };
  const ignore = () => undefined;
  diag.setLogger({ error: warn, warn: ignore, info: ignore, debug: ignore, verbose: ignore }, DiagLogLevel.ERROR);
}
