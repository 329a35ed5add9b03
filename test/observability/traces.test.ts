import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../../src/auth/api-keys.js';
import { configFromEnv } from '../../src/config.js';
import { ConfigError } from '../../src/env.js';
import { FLEETS, startSimulator, type Simulator } from '../../src/simulator/index.js';
import { gatewayEnv, runGateway, type GatewayProcess } from '../support/gateway-process.js';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { subscribeSse } from '../support/sse.js';

const SERVER = 2;
const CLIENT = 3;
const ERROR = 2;

const key = newApiKey('release-dashboard');
const AWS_SECRET = `sim-secret-${randomBytes(12).toString('hex')}`;

/** A W3C trace context of the caller's own: a new trace id, a span id, sampled or not. */
function caller(sampled = true) {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}` };
}

const childrenOf = (spans: readonly ReceivedSpan[], parent: ReceivedSpan) => spans.filter((s) => s.traceId === parent.traceId && s.parentSpanId === parent.spanId);

describe.each(['http/json', 'http/protobuf'] as const)('OpenTelemetry traces over OTLP %s', (protocol) => {
  let sim: Simulator;
  let receiver: OtlpReceiver;
  let gateway: GatewayProcess;
  let url: string;

  beforeAll(async () => {
    sim = await startSimulator();
    receiver = await OtlpReceiver.start();
    const { AUTH_DISABLED: _open, ...env } = gatewayEnv(sim.url, {
      AUTH_API_KEYS: key.entry,
      AWS_SECRET_ACCESS_KEY: AWS_SECRET,
      LOG_URL_ALLOWED_HOSTS: new URL(sim.url).host,
      LIVE_POLL_INTERVAL_MS: '300',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_SERVICE_NAME: 'fleetgraph-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    gateway = runGateway(env);
    url = await gateway.listening();
  });

  afterAll(async () => {
    gateway?.child.kill('SIGTERM');
    await gateway?.ended;
    await receiver?.close();
    await sim?.close();
  });

  const post = async (query: string, headers: Record<string, string> = {}, variables: Record<string, unknown> = {}, operationName?: string) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key.key, ...headers },
      body: JSON.stringify({ query, variables, operationName }),
    });
    return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown>; errors?: { extensions?: { code?: string } }[] } };
  };

  /** The operation's span, once the gateway has exported it. */
  const operationSpan = (traceId: string) =>
    receiver.until((spans) => spans.find((s) => s.traceId === traceId && s.kind === SERVER));

  it('continues the caller\'s trace: one span per operation, a child per GameLift call, a grandchild per attempt', async () => {
    const trace = caller();
    const requestId = `dash-${randomBytes(4).toString('hex')}`;
    const { body } = await post(
      'query FleetPanel($id: String!) { fleets(first: 2) { edges { node { fleetId } } } fleet(fleetId: $id) { name events(first: 3) { edges { node { eventId } } } } }',
      { traceparent: trace.traceparent, 'x-request-id': requestId },
      { id: FLEETS.sparse },
    );
    expect(body.errors).toBeUndefined();

    const operation = await operationSpan(trace.traceId);
    expect(operation.parentSpanId).toBe(trace.spanId);
    expect(operation.name).toBe('query FleetPanel');
    expect(operation.resource['service.name']).toBe('fleetgraph-under-test');
    expect(operation.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'FleetPanel',
      'fleetgraph.client': 'release-dashboard',
      'fleetgraph.request_id': requestId,
      'fleetgraph.outcome': 'ok',
      'http.response.status_code': 200,
      'fleetgraph.response_cache': 'miss',
    });
    expect(operation.attributes['fleetgraph.cost']).toBeGreaterThan(0);
    expect(operation.status.code).not.toBe(ERROR);

    const calls = await receiver.until((spans) => {
      const found = childrenOf(spans, operation);
      return found.length >= 3 && found;
    });
    expect(calls.map((c) => c.attributes['rpc.method']).sort()).toEqual(['DescribeFleetAttributes', 'DescribeFleetEvents', 'ListFleets']);
    expect(operation.attributes['fleetgraph.gamelift_requests']).toBe(calls.length);
    for (const call of calls) {
      expect(call.name).toBe(`GameLift ${String(call.attributes['rpc.method'])}`);
      expect(call.attributes).toMatchObject({ 'rpc.system': 'aws-api', 'rpc.service': 'GameLift', 'fleetgraph.cache': 'miss', 'fleetgraph.coalesced': false });
      const attempts = await receiver.until((spans) => {
        const found = childrenOf(spans, call);
        return found.length > 0 && found;
      });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]?.kind).toBe(CLIENT);
      expect(attempts[0]?.attributes).toMatchObject({ 'fleetgraph.attempt': 1, 'fleetgraph.outcome': 'ok', 'fleetgraph.throttled': false, 'http.response.status_code': 200 });
      expect(attempts[0]?.attributes['fleetgraph.budget_wait_ms']).toBeGreaterThanOrEqual(0);
    }
  });

  it('records cache hits and coalesced calls, which send no attempt, and whole answers from the response cache', async () => {
    sim.setFaults({ latencyMs: 300 });
    const [a, b] = [caller(), caller()];
    try {
      // Two operations at once that need the same GameLift call: one sends it, the other waits for its answer.
      await Promise.all([
        post(`query A { fleet(fleetId: "${FLEETS.pageBoundary}") { name } }`, { traceparent: a.traceparent }),
        post(`query B { fleet(fleetId: "${FLEETS.pageBoundary}") { fleetId name } }`, { traceparent: b.traceparent }),
      ]);
    } finally {
      sim.setFaults({ latencyMs: 0 });
    }
    const callsOf = async (traceId: string) => {
      const operation = await operationSpan(traceId);
      return receiver.until((spans) => {
        const found = childrenOf(spans, operation);
        return found.length > 0 && found;
      });
    };
    const shared = [...(await callsOf(a.traceId)), ...(await callsOf(b.traceId))];
    expect(shared.map((c) => c.attributes['fleetgraph.coalesced']).sort()).toEqual([false, true]);
    const follower = shared.find((c) => c.attributes['fleetgraph.coalesced'] === true) as ReceivedSpan;
    expect(childrenOf(receiver.spans, follower)).toEqual([]);

    const later = caller();
    await post(`query C { fleet(fleetId: "${FLEETS.pageBoundary}") { status } }`, { traceparent: later.traceparent }, {}, 'C');
    const [cached] = await callsOf(later.traceId);
    expect(cached?.attributes['fleetgraph.cache']).toBe('hit');
    expect(childrenOf(receiver.spans, cached as ReceivedSpan)).toEqual([]);

    // Asked a second time: stored; a third: answered whole from the response cache.
    await post(`query C { fleet(fleetId: "${FLEETS.pageBoundary}") { status } }`, {}, {}, 'C');
    const again = caller();
    await post(`query C { fleet(fleetId: "${FLEETS.pageBoundary}") { status } }`, { traceparent: again.traceparent }, {}, 'C');
    const whole = await operationSpan(again.traceId);
    expect(whole.name).toBe('query C');
    expect(whole.attributes).toMatchObject({ 'fleetgraph.response_cache': 'hit', 'fleetgraph.gamelift_requests': 0 });
  });

  it('gives each log read a span with its bytes, and never exports a key, a secret, a presigned URL or log content', async () => {
    const listing = await post('query Urls($id: String!) { fleet(fleetId: $id) { events(first: 100) { edges { node { preSignedLogUrl } } } } }', {}, {
      id: FLEETS.failedCreation,
    });
    const events = (listing.body.data?.fleet as { events: { edges: { node: { preSignedLogUrl: string | null } }[] } }).events.edges;
    const withLog = events.findIndex((edge) => edge.node.preSignedLogUrl !== null);
    expect(withLog).toBeGreaterThanOrEqual(0);
    const presigned = events[withLog]?.node.preSignedLogUrl as string;

    const trace = caller();
    const { body } = await post(
      'query Log($id: String!, $n: Int!) { fleet(fleetId: $id) { events(first: $n) { edges { node { logContent } } } } }',
      { traceparent: trace.traceparent, authorization: 'Bearer not-a-real-token-but-secret' },
      { id: FLEETS.failedCreation, n: withLog + 1 },
    );
    const content = (body.data?.fleet as { events: { edges: { node: { logContent: string | null } }[] } }).events.edges[withLog]?.node.logContent;
    expect(content?.length).toBeGreaterThan(20);

    const operation = await operationSpan(trace.traceId);
    const read = await receiver.until((spans) => childrenOf(spans, operation).find((s) => s.name === 'log read'));
    expect(read.kind).toBe(CLIENT);
    expect(read.attributes).toMatchObject({ 'server.address': new URL(presigned).hostname, 'fleetgraph.log.tail': false });
    expect(read.attributes['fleetgraph.log.bytes']).toBe(Buffer.byteLength(content as string));

    const exported = Buffer.concat(receiver.bodies).toString('latin1');
    for (const secret of [key.key, AWS_SECRET, 'not-a-real-token-but-secret', presigned, new URL(presigned).search, 'X-Amz-Signature', (content as string).slice(0, 40)]) {
      expect(exported).not.toContain(Buffer.from(secret, 'utf8').toString('latin1'));
    }
  });

  it('traces each live poll as a root span with its fresh GameLift call', async () => {
    const stream = subscribeSse(url, `subscription { fleetEvents(fleetId: "${FLEETS.sparse}") { eventId } }`, {}, { 'x-api-key': key.key });
    try {
      expect(await stream.status).toBe(200);
      const poll = await receiver.until((spans) =>
        spans.find((s) => s.name === 'live poll' && s.attributes['fleetgraph.fleet'] === FLEETS.sparse && childrenOf(spans, s).length > 0),
      );
      expect(poll.parentSpanId).toBe('');
      expect(poll.attributes['fleetgraph.client']).toBe('release-dashboard');
      expect(poll.attributes['fleetgraph.live.pages']).toBeGreaterThanOrEqual(1);
      const [call] = childrenOf(receiver.spans, poll);
      expect(call?.attributes).toMatchObject({ 'rpc.method': 'DescribeFleetEvents', 'fleetgraph.cache': 'bypass' });
    } finally {
      stream.close();
    }
  });

  it('marks throttled attempts, each retry its own span, and the failed call and operation', async () => {
    sim.setFaults({ throttleEveryNth: 1 });
    const trace = caller();
    try {
      const { body } = await post(`{ fleet(fleetId: "${FLEETS.justCreated}") { events(first: 1) { edges { node { eventId } } } } }`, { traceparent: trace.traceparent });
      expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_THROTTLED');
    } finally {
      sim.setFaults({ throttleEveryNth: 0 });
    }
    const operation = await operationSpan(trace.traceId);
    expect(operation.name).toBe('query');
    expect(operation.attributes['fleetgraph.error_codes']).toEqual(['UPSTREAM_THROTTLED']);
    const call = await receiver.until((spans) => childrenOf(spans, operation).find((s) => s.attributes['rpc.method'] === 'DescribeFleetEvents'));
    expect(call.status).toEqual({ code: ERROR, message: 'UPSTREAM_THROTTLED' });
    const attempts = await receiver.until((spans) => {
      const found = childrenOf(spans, call);
      return found.length === 3 && found;
    });
    expect(attempts.map((a) => a.attributes['fleetgraph.attempt']).sort()).toEqual([1, 2, 3]);
    for (const attempt of attempts) {
      expect(attempt.attributes).toMatchObject({ 'fleetgraph.outcome': 'throttled', 'fleetgraph.throttled': true, 'http.response.status_code': 400 });
      expect(attempt.status.code).toBe(ERROR);
    }
  });

  it('starts a trace of its own for a traceparent that is malformed, oversized or all zeros, and serves the request', async () => {
    const valid = caller();
    const bad = [
      'garbage',
      `00-${valid.traceId}-${valid.spanId}`,
      `00-${'0'.repeat(32)}-${valid.spanId}-01`,
      `ff-${valid.traceId}-${valid.spanId}-01`,
      `00-${valid.traceId}-${valid.spanId}-01-${'x'.repeat(8000)}`,
    ];
    for (const traceparent of bad) {
      const requestId = `bad-${randomBytes(4).toString('hex')}`;
      const { status, body } = await post('{ fleets(first: 1) { edges { node { fleetId } } } }', { traceparent, 'x-request-id': requestId });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      const span = await receiver.until((spans) => spans.find((s) => s.attributes['fleetgraph.request_id'] === requestId));
      expect(span.parentSpanId).toBe('');
      expect(span.traceId).not.toBe('0'.repeat(32));
    }
  });

  it('follows the caller\'s sampling decision: a trace it did not sample exports nothing', async () => {
    const unsampled = caller(false);
    await post('{ fleets(first: 1) { edges { node { fleetId } } } }', { traceparent: unsampled.traceparent });
    const sampled = caller();
    await post('{ fleets(first: 3) { edges { node { fleetId } } } }', { traceparent: sampled.traceparent });
    await operationSpan(sampled.traceId);
    expect(receiver.spans.filter((s) => s.traceId === unsampled.traceId)).toEqual([]);
    expect([...receiver.contentTypes]).toEqual([protocol === 'http/json' ? 'application/json' : 'application/x-protobuf']);
  });
});

describe('trace settings', () => {
  it('are off without an endpoint, and refuse gRPC, unknown samplers and ratios outside 0..1 at start', () => {
    const open = { AUTH_DISABLED: 'true' };
    expect(configFromEnv(open).tracing).toBeNull();
    expect(configFromEnv({ ...open, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeNull();
    expect(configFromEnv({ ...open, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({
      url: 'http://collector:4318/v1/traces',
      protocol: 'http/protobuf',
      serviceName: 'fleetgraph',
      sampler: 'parentbased_always_on',
      samplerRatio: 1,
    });
    expect(configFromEnv({ ...open, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example/traces', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x:4318' }).tracing?.url).toBe(
      'https://otlp.example/traces',
    );
    let problems: readonly string[] = [];
    try {
      configFromEnv({ ...open, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_TRACES_SAMPLER: 'sometimes', OTEL_TRACES_SAMPLER_ARG: '2' });
    } catch (error) {
      problems = error instanceof ConfigError ? error.problems : [];
    }
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/gRPC is not supported/);
  });
});
