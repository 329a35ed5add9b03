import { DescribeFleetEventsCommand, InternalServiceException, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import { FLEETS, seedFleet, startSimulator } from '../../src/simulator/index.js';
import { allPages, clientFor, fromSdk, fromSeed, rawCall, simulatorForFile } from './support.js';

const harness = simulatorForFile();

afterEach(() => {
  harness.sim.setFaults({ latencyMs: 0, throttleEveryNth: 0, internalErrorEveryNth: 0, expireNextLogFetches: 0 });
  harness.sim.resetStats();
});

describe('injected faults', () => {
  it('throttles every Nth request; the SDK retries and a full paginate completes', async () => {
    harness.sim.setFaults({ throttleEveryNth: 2 });
    const pages = await allPages(harness.client, { FleetId: FLEETS.pageBoundary }, 34);
    expect(pages.flatMap((page) => page.events).map(fromSdk)).toEqual(seedFleet(FLEETS.pageBoundary).events.map(fromSeed));
    // Three pages; requests 2 and 4 were throttled and retried.
    expect(harness.sim.stats().calls).toEqual({ DescribeFleetEvents: 5 });
  });

  it('answers throttling as a 400 ThrottlingException on the wire', async () => {
    harness.sim.setFaults({ throttleEveryNth: 1 });
    const { status, headers, json } = await rawCall(harness.sim, 'GameLift.ListFleets', '{}');
    expect(status).toBe(400);
    expect(headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    expect(json).toEqual({ __type: 'ThrottlingException', Message: 'Rate exceeded' });
  });

  it('surfaces throttling once the SDK runs out of attempts', async () => {
    harness.sim.setFaults({ throttleEveryNth: 1 });
    const error = await clientFor(harness.sim, 2).send(new ListFleetsCommand({})).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400, attempts: 2 } });
    expect(harness.sim.stats().calls).toEqual({ ListFleets: 2 });
  });

  it('surfaces internal errors after the SDK retries them', async () => {
    harness.sim.setFaults({ internalErrorEveryNth: 1 });
    const error = await harness.client.send(new ListFleetsCommand({})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServiceException);
    expect(error).toMatchObject({ $fault: 'server', $metadata: { httpStatusCode: 500, attempts: 3 } });
    expect(harness.sim.stats().calls).toEqual({ ListFleets: 3 });
  });

  it('lets occasional internal errors be retried away', async () => {
    harness.sim.setFaults({ internalErrorEveryNth: 3 });
    const pages = await allPages(harness.client, { FleetId: FLEETS.pageBoundary50 }, 10);
    expect(pages.flatMap((page) => page.events)).toHaveLength(50);
    // Five pages; requests 3 and 6 failed and were retried.
    expect(harness.sim.stats().calls).toEqual({ DescribeFleetEvents: 7 });
  });

  it('delays responses by the injected latency', async () => {
    harness.sim.setFaults({ latencyMs: 120 });
    const started = performance.now();
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    expect(performance.now() - started).toBeGreaterThanOrEqual(119);
  });

  it('merges setFaults calls and rejects invalid values', async () => {
    harness.sim.setFaults({ throttleEveryNth: 1 });
    harness.sim.setFaults({ latencyMs: 1 });
    expect((await rawCall(harness.sim, 'GameLift.ListFleets', '{}')).status).toBe(400);
    expect(() => harness.sim.setFaults({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => harness.sim.setFaults({ throttleEveryNth: 1.5 })).toThrow(RangeError);
    expect(() => harness.sim.setFaults({ bogus: 1 } as never)).toThrow(TypeError);
  });

  it('accepts faults at start', async () => {
    const flaky = await startSimulator({ faults: { throttleEveryNth: 1 } });
    try {
      expect((await rawCall(flaky, 'GameLift.ListFleets', '{}')).headers.get('x-amzn-errortype')).toBe('ThrottlingException');
    } finally {
      await flaky.close();
    }
  });
});

describe('stats', () => {
  it('counts calls per operation and tracks peak concurrency', async () => {
    harness.sim.setFaults({ latencyMs: 100 });
    await Promise.all([
      harness.client.send(new ListFleetsCommand({})),
      harness.client.send(new ListFleetsCommand({})),
      harness.client.send(new DescribeFleetEventsCommand({ FleetId: FLEETS.pageBoundary })),
    ]);
    const stats = harness.sim.stats();
    expect(stats.calls).toEqual({ ListFleets: 2, DescribeFleetEvents: 1 });
    expect(stats.peakInFlight).toBeGreaterThanOrEqual(2);
    expect(stats.inFlight).toBe(0);
  });

  it('serves stats and resets them over HTTP', async () => {
    await harness.client.send(new ListFleetsCommand({}));
    const served = (await (await fetch(`${harness.sim.url}/_simulator/stats`)).json()) as unknown;
    expect(served).toEqual(harness.sim.stats());
    expect(served).toMatchObject({ calls: { ListFleets: 1 }, logRequests: 0, inFlight: 0, peakInFlight: 1 });

    const reset = await fetch(`${harness.sim.url}/_simulator/stats/reset`, { method: 'POST' });
    expect(reset.status).toBe(204);
    expect(harness.sim.stats()).toEqual({ calls: {}, logRequests: 0, inFlight: 0, peakInFlight: 0 });
    expect((await fetch(`${harness.sim.url}/_simulator/stats/reset`)).status).toBe(404);
  });

  it('counts unknown operations nowhere but still answers them', async () => {
    expect((await rawCall(harness.sim, 'GameLift.CreateFleet', '{}')).status).toBe(400);
    expect(harness.sim.stats().calls).toEqual({});
  });
});
