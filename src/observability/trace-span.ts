/**
 * The little of tracing the gateway's layers need, with nothing of OpenTelemetry in it: the SDK
 * loads only when traces are exported (OTEL_EXPORTER_OTLP_ENDPOINT), and with traces off no span
 * exists at all, so every layer's `span?.` costs nothing.
 */
export type SpanAttributeValue = string | number | boolean | readonly string[];
export type SpanAttributes = Readonly<Record<string, SpanAttributeValue | undefined>>;

export interface TraceSpan {
  /** A span under this one, started now; `client` for a request this process sends (a GameLift attempt, a log download). */
  child(name: string, attributes?: SpanAttributes, kind?: 'internal' | 'client'): TraceSpan;
  set(attributes: SpanAttributes): void;
  rename(name: string): void;
  /** Ends the span, now; a failure marks it as an error (with its code, never its message's data). */
  end(failure?: { readonly code: string }): void;
}

/** Where spans without a parent span start: an incoming request (which may carry a W3C traceparent) or a live poll. */
export interface Tracer {
  /** A root span, or one continuing the caller's trace when `headers` carry a valid `traceparent`. */
  start(name: string, attributes: SpanAttributes, headers?: Headers): TraceSpan;
  /** Sends what is still buffered. */
  shutdown(): Promise<void>;
}
