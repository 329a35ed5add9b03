import { request } from 'node:http';
import { DescribeGameSessionsCommand, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS, seedFleet, startSimulator } from '../../src/simulator/index.js';
import { rawCall, simulatorForFile } from './support.js';

const harness = simulatorForFile();

/** After any abuse, a normal SDK call must still work. */
const stillServing = async (): Promise<void> => {
  expect((await harness.client.send(new ListFleetsCommand({ Limit: 1 }))).FleetIds).toHaveLength(1);
};

describe('AWS JSON 1.1 protocol', () => {
  it('answers with the AWS JSON content type and a request id', async () => {
    const { status, headers, json } = await rawCall(harness.sim, 'GameLift.ListFleets', '{"Limit":2}');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(json.FleetIds).toHaveLength(2);
  });

  it('writes timestamps as epoch seconds with a millisecond fraction, and reads them the same way', async () => {
    const event = seedFleet(FLEETS.bigActive).events.find((candidate) => candidate.EventTime % 1000 !== 0);
    const seconds = (event?.EventTime ?? 0) / 1000;
    const window = JSON.stringify({ FleetId: FLEETS.bigActive, StartTime: seconds, EndTime: seconds });
    const body = await (await fetch(`${harness.sim.url}/`, { method: 'POST', headers: { 'X-Amz-Target': 'GameLift.DescribeFleetEvents' }, body: window })).text();
    expect(body).toContain(`"EventTime":${seconds}`);
    expect(String(seconds)).toMatch(/^\d{10}\.\d{1,3}$/);
    const { json } = await rawCall(harness.sim, 'GameLift.DescribeFleetEvents', window);
    expect(json.Events).toEqual(expect.arrayContaining([expect.objectContaining({ EventId: event?.EventId, EventTime: seconds })]));
  });

  it('treats an empty body as {}', async () => {
    expect((await rawCall(harness.sim, 'GameLift.ListFleets', '')).status).toBe(200);
  });

  it.each([
    ['an unknown operation', 'GameLift.CreateFleet', '{}'],
    ['another service', 'DynamoDB_20120810.ListTables', '{}'],
    ['no X-Amz-Target', undefined, '{}'],
  ])('answers %s with UnknownOperationException', async (_, target, body) => {
    const { status, headers, json } = await rawCall(harness.sim, target, body);
    expect(status).toBe(400);
    expect(headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(json.__type).toBe('UnknownOperationException');
    await stillServing();
  });

  it('surfaces an unsupported operation through the SDK', async () => {
    await expect(harness.client.send(new DescribeGameSessionsCommand({ FleetId: FLEETS.bigActive }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it.each([
    ['malformed JSON', '{"Limit": 1'],
    ['a JSON array', '[1,2]'],
    ['a JSON string', '"hello"'],
    ['binary garbage', '\u0000\u00ff\u0001'],
  ])('answers %s with SerializationException and keeps serving', async (_, body) => {
    const { status, json } = await rawCall(harness.sim, 'GameLift.ListFleets', body);
    expect(status).toBe(400);
    expect(json.__type).toBe('SerializationException');
    expect(typeof json.Message).toBe('string');
    await stillServing();
  });

  it('reports every wrongly typed member as InvalidRequestException', async () => {
    const { status, json } = await rawCall(
      harness.sim,
      'GameLift.DescribeFleetEvents',
      JSON.stringify({ FleetId: 42, StartTime: 'yesterday', EndTime: true, Limit: '5', NextToken: 7 }),
    );
    expect(status).toBe(400);
    expect(json.__type).toBe('InvalidRequestException');
    expect(json.Message).toMatch(/^5 validation errors detected: /);
    for (const member of ['fleetId', 'startTime', 'endTime', 'limit', 'nextToken']) expect(json.Message).toContain(`at '${member}'`);
  });

  it('requires FleetId', async () => {
    const { json } = await rawCall(harness.sim, 'GameLift.DescribeFleetEvents', '{}');
    expect(json).toEqual({
      __type: 'InvalidRequestException',
      Message: "1 validation error detected: Value null at 'fleetId' failed to satisfy constraint: Member must not be null",
    });
  });

  it('rejects a body over 1 MiB with 413 and keeps serving', async () => {
    const { status, json } = await rawCall(harness.sim, 'GameLift.ListFleets', JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }));
    expect(status).toBe(413);
    expect(json.__type).toBe('RequestEntityTooLargeException');
    await stillServing();
  });

  it('survives a harness.client that hangs up mid-body', async () => {
    await new Promise<void>((resolve) => {
      const abandoned = request(`${harness.sim.url}/`, { method: 'POST', headers: { 'X-Amz-Target': 'GameLift.ListFleets', 'Content-Length': '1000' } });
      abandoned.on('error', () => resolve());
      abandoned.write('{"Limit":', () => setTimeout(() => abandoned.destroy(), 20));
      abandoned.on('close', () => resolve());
    });
    await stillServing();
    expect(harness.sim.stats().inFlight).toBe(0);
  });

  it('answers 404 outside its routes', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['PUT', '/'],
      ['GET', '/nothing'],
      ['POST', '/logs/anything.txt'],
      ['DELETE', '/_simulator/stats'],
      ['GET', '//_simulator/stats'],
    ] as const) {
      expect((await fetch(`${harness.sim.url}${path}`, { method })).status).toBe(404);
    }
  });
});

describe('lifecycle', () => {
  it('closes idempotently and frees its port', async () => {
    const short = await startSimulator();
    await fetch(`${short.url}/_simulator/stats`);
    await Promise.all([short.close(), short.close()]);
    await expect(fetch(`${short.url}/_simulator/stats`)).rejects.toThrow();
  });

  it('closes while a delayed response is pending', async () => {
    const slow = await startSimulator({ faults: { latencyMs: 10_000 } });
    const pending = fetch(`${slow.url}/`, { method: 'POST', headers: { 'X-Amz-Target': 'GameLift.ListFleets' }, body: '{}' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await slow.close();
    await expect(pending).rejects.toThrow();
  });

  it('listens on the requested host and port and validates options', async () => {
    const probe = await startSimulator();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startSimulator({ port, host: '127.0.0.1' });
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
    } finally {
      await fixed.close();
    }
    await expect(startSimulator({ port: 70_000 })).rejects.toThrow(RangeError);
    await expect(startSimulator({ emptyPages: 'sometimes' as never })).rejects.toThrow(RangeError);
    await expect(startSimulator({ faults: { latencyMs: -5 } })).rejects.toThrow(RangeError);
  });
});
