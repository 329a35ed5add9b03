import { DescribeFleetEventsCommand, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { afterEach, describe, expect, it } from 'vitest';
import { CallLog, MAX_LOGGED_CALLS } from '../../src/simulator/call-log.js';
import { FLEETS } from '../../src/simulator/index.js';
import { rawCall, simulatorForFile } from './support.js';

const harness = simulatorForFile();
const epochNow = (): number => performance.timeOrigin + performance.now();

afterEach(() => {
  harness.sim.setFaults({ latencyMs: 0, throttleEveryNth: 0 });
  harness.sim.resetStats();
});

describe('call log', () => {
  it('records each API call with its operation and arrival time in epoch ms', async () => {
    const before = epochNow();
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    await harness.client.send(new DescribeFleetEventsCommand({ FleetId: FLEETS.pageBoundary20 }));
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    const after = epochNow();
    const calls = harness.sim.calls();
    expect(calls.map((call) => call.operation)).toEqual(['ListFleets', 'DescribeFleetEvents', 'ListFleets']);
    for (const { at } of calls) {
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(after);
    }
    expect(calls.map((call) => call.at)).toEqual([...calls.map((call) => call.at)].sort((a, b) => a - b));
    // Sub-millisecond precision: at least one of them falls between two whole milliseconds.
    expect(calls.some((call) => !Number.isInteger(call.at))).toBe(true);
  });

  it('takes the time a request arrives, not the time it is answered', async () => {
    harness.sim.setFaults({ latencyMs: 150 });
    const before = epochNow();
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    expect((harness.sim.calls()[0]?.at ?? Infinity) - before).toBeLessThan(100);
  });

  it('records calls answered with an injected fault, each SDK attempt on its own', async () => {
    harness.sim.setFaults({ throttleEveryNth: 2 });
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    // The second request was throttled and retried.
    expect(harness.sim.calls().map((call) => call.operation)).toEqual(['ListFleets', 'ListFleets', 'ListFleets']);
    expect(harness.sim.stats().calls).toEqual({ ListFleets: 3 });
  });

  it('leaves out unknown operations', async () => {
    await rawCall(harness.sim, 'GameLift.CreateFleet', '{}');
    await rawCall(harness.sim, undefined, '{}');
    expect(harness.sim.calls()).toEqual([]);
  });

  it('is served at GET /_simulator/calls and cleared with the stats', async () => {
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    const served = await (await fetch(`${harness.sim.url}/_simulator/calls`)).json();
    expect(served).toEqual(harness.sim.calls());
    expect(served).toHaveLength(1);

    expect((await fetch(`${harness.sim.url}/_simulator/stats/reset`, { method: 'POST' })).status).toBe(204);
    expect(harness.sim.calls()).toEqual([]);
    await harness.client.send(new ListFleetsCommand({ Limit: 1 }));
    harness.sim.resetStats();
    expect(await (await fetch(`${harness.sim.url}/_simulator/calls`)).json()).toEqual([]);
    expect((await fetch(`${harness.sim.url}/_simulator/calls`, { method: 'POST' })).status).toBe(404);
  });

  it(`keeps the newest ${MAX_LOGGED_CALLS} calls`, () => {
    const log = new CallLog();
    const extra = 5;
    for (let i = 0; i < MAX_LOGGED_CALLS + extra; i++) log.record({ operation: 'ListFleets', at: i, region: 'us-west-2' });
    const calls = log.calls();
    expect(calls).toHaveLength(MAX_LOGGED_CALLS);
    expect(calls[0]?.at).toBe(extra);
    expect(calls.at(-1)?.at).toBe(MAX_LOGGED_CALLS + extra - 1);
    // Recording well past twice the bound still keeps exactly the newest ones.
    for (let i = 0; i < 2 * MAX_LOGGED_CALLS; i++) log.record({ operation: 'ListFleets', at: 1e9 + i, region: 'us-west-2' });
    expect(log.calls()).toHaveLength(MAX_LOGGED_CALLS);
    expect(log.calls()[0]?.at).toBe(1e9 + MAX_LOGGED_CALLS);
  });

  it('lists calls by arrival even when a slow upload is recorded after a later arrival', () => {
    const log = new CallLog(10);
    log.record({ operation: 'ListFleets', at: 2, region: 'us-west-2' });
    log.record({ operation: 'DescribeFleetEvents', at: 1, region: 'us-west-2' });
    expect(log.calls().map((call) => call.at)).toEqual([1, 2]);
  });
});
