import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as a collector sees it, whichever OTLP encoding carried it. */
export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  /** '' for a root span. */
  readonly parentSpanId: string;
  readonly name: string;
  /** OTLP's SpanKind: 1 internal, 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** OTLP's StatusCode: 0 unset, 1 ok, 2 error. */
  readonly status: { readonly code: number; readonly message: string };
  readonly resource: Readonly<Record<string, unknown>>;
}

/**
 * An OTLP/HTTP trace receiver on loopback, as a collector would run one: it takes
 * `POST /v1/traces` in http/json or http/protobuf, decodes every span, and keeps the raw bodies
 * (to search them for what must never be exported).
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly bodies: Buffer[] = [];
  readonly contentTypes = new Set<string>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const type = request.headers['content-type'] ?? '';
        if (request.method !== 'POST' || request.url !== '/v1/traces') {
          response.writeHead(404).end();
          return;
        }
        receiver.bodies.push(body);
        receiver.contentTypes.add(type);
        const json = type.startsWith('application/json');
        receiver.spans.push(...(json ? spansOfJson(JSON.parse(body.toString('utf8'))) : spansOfProtobuf(body)));
        response.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Waits until `found` holds of the spans received (the gateway batches its exports). */
  async until<T>(found: (spans: readonly ReceivedSpan[]) => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = found(this.spans);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`spans not received in ${timeoutMs} ms; got: ${this.spans.map((s) => s.name).join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

// --- OTLP/JSON (trace and span ids are hex strings there) ---

interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonValue[] };
}
interface JsonKeyValue {
  key: string;
  value: JsonValue;
}
interface JsonRequest {
  resourceSpans?: {
    resource?: { attributes?: JsonKeyValue[] };
    scopeSpans?: {
      spans?: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: JsonKeyValue[];
        status?: { code?: number; message?: string };
      }[];
    }[];
  }[];
}

function jsonValue(value: JsonValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(jsonValue);
  return undefined;
}

const jsonAttributes = (list: JsonKeyValue[] = []) => Object.fromEntries(list.map(({ key, value }) => [key, jsonValue(value)]));

function spansOfJson(request: JsonRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = jsonAttributes(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: span.traceId,
        spanId: span.spanId,
        parentSpanId: span.parentSpanId ?? '',
        name: span.name,
        kind: span.kind,
        attributes: jsonAttributes(span.attributes),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        resource,
      })),
    );
  });
}

// --- OTLP/protobuf, read with the protobuf wire format (opentelemetry-proto's field numbers) ---

type Field = { readonly no: number; readonly varint?: bigint; readonly bytes?: Buffer; readonly fixed64?: Buffer };

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = () => {
    let value = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const byte = buffer[at++];
      if (byte === undefined) throw new Error('truncated protobuf');
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
    }
  };
  while (at < buffer.length) {
    const tag = Number(varint());
    const no = tag >>> 3;
    switch (tag & 7) {
      case 0:
        out.push({ no, varint: varint() });
        break;
      case 1:
        out.push({ no, fixed64: buffer.subarray(at, (at += 8)) });
        break;
      case 2: {
        const length = Number(varint());
        out.push({ no, bytes: buffer.subarray(at, (at += length)) });
        break;
      }
      case 5:
        at += 4;
        break;
      default:
        throw new Error(`unexpected wire type in field ${no}`);
    }
  }
  return out;
}

const sub = (list: Field[], no: number) => list.filter((field) => field.no === no && field.bytes).map((field) => fields(field.bytes as Buffer));
const bytesOf = (list: Field[], no: number) => list.find((field) => field.no === no)?.bytes;
const text = (list: Field[], no: number) => bytesOf(list, no)?.toString('utf8') ?? '';
const int = (list: Field[], no: number) => Number(list.find((field) => field.no === no)?.varint ?? 0n);

/** AnyValue: 1 string, 2 bool, 3 int, 4 double, 5 array. */
function protobufValue(value: Field[]): unknown {
  for (const field of value) {
    if (field.no === 1) return field.bytes?.toString('utf8');
    if (field.no === 2) return field.varint === 1n;
    if (field.no === 3) return Number(BigInt.asIntN(64, field.varint ?? 0n));
    if (field.no === 4) return field.fixed64?.readDoubleLE(0);
    if (field.no === 5) return sub(fields(field.bytes as Buffer), 1).map(protobufValue);
  }
  return undefined;
}

/** KeyValue: 1 key, 2 value. */
const protobufAttributes = (list: Field[][]) => Object.fromEntries(list.map((kv) => [text(kv, 1), protobufValue(sub(kv, 2)[0] ?? [])]));

/** ExportTraceServiceRequest → ResourceSpans(1: resource, 2: scope spans) → ScopeSpans(2: spans) → Span. */
function spansOfProtobuf(body: Buffer): ReceivedSpan[] {
  return sub(fields(body), 1).flatMap((resourceSpans) => {
    const resource = protobufAttributes(sub(sub(resourceSpans, 1)[0] ?? [], 1));
    return sub(resourceSpans, 2).flatMap((scopeSpans) =>
      sub(scopeSpans, 2).map((span) => {
        const status = sub(span, 15)[0] ?? [];
        return {
          traceId: bytesOf(span, 1)?.toString('hex') ?? '',
          spanId: bytesOf(span, 2)?.toString('hex') ?? '',
          parentSpanId: bytesOf(span, 4)?.toString('hex') ?? '',
          name: text(span, 5),
          kind: int(span, 6),
          attributes: protobufAttributes(sub(span, 9)),
          status: { code: int(status, 3), message: text(status, 2) },
          resource,
        };
      }),
    );
  });
}
