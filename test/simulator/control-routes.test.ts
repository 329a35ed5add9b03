import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { DescribeFleetAttributesCommand, DescribeFleetEventsCommand, ListFleetsCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it, vi } from 'vitest';
import { FLEETS, seedFleet } from '../../src/simulator/index.js';
import { controlCall, simulatorForFile } from './support.js';

const harness = simulatorForFile();

const statusOf = async (fleetId: string) =>
  (await harness.client.send(new DescribeFleetAttributesCommand({ FleetIds: [fleetId] }))).FleetAttributes?.[0]?.Status;
const newest = async (fleetId: string, Limit: number) =>
  (await harness.client.send(new DescribeFleetEventsCommand({ FleetId: fleetId, Limit }))).Events ?? [];
const MISSING = 'fleet-00000000-0000-4000-8000-000000000000';

describe('HTTP control routes', () => {
  it('POST /_simulator/fleets creates a fleet (201 { fleetId, fleetArn }) that GameLift clients see', async () => {
    const { status, json } = await controlCall(harness.sim, 'POST', '/_simulator/fleets', { name: 'over-http', outcome: 'FLEET_ACTIVATION_FAILED', phaseMs: 0 });
    expect(status).toBe(201);
    expect(Object.keys(json ?? {})).toEqual(['fleetId', 'fleetArn']);
    const fleetId = String(json?.fleetId);
    expect(json?.fleetArn).toBe(`arn:aws:gamelift:us-west-2:123456789012:fleet/${fleetId}`);
    expect(await statusOf(fleetId)).toBe('ERROR');
    expect((await harness.client.send(new ListFleetsCommand({ Limit: 1000 }))).FleetIds).toContain(fleetId);
  });

  it('takes an empty body as {}: the default options, so no step within the first 2 s', async () => {
    const response = await fetch(`${harness.sim.url}/_simulator/fleets`, { method: 'POST' });
    expect(response.status).toBe(201);
    const { fleetId } = (await response.json()) as { fleetId: string };
    await sleep(300);
    expect(await statusOf(fleetId)).toBe('NEW');
  });

  it('POST /_simulator/fleets/<fleet>/events appends (201 { events }), by id or percent-encoded ARN', async () => {
    const byId = await controlCall(harness.sim, 'POST', `/_simulator/fleets/${FLEETS.everyCode}/events`, {
      events: [{ eventCode: 'GENERIC_EVENT', message: 'over http', log: 'a log over http\n' }],
    });
    expect(byId.status).toBe(201);
    const arn = seedFleet(FLEETS.everyCode).attributes.FleetArn;
    const byArn = await controlCall(harness.sim, 'POST', `/_simulator/fleets/${encodeURIComponent(arn)}/events`, {
      events: [{ eventCode: 'FLEET_SCALING_EVENT', message: 'by ARN' }],
    });
    expect(byArn.status).toBe(201);
    const [first] = byId.json?.events as Record<string, unknown>[];
    expect(first).toMatchObject({ EventId: expect.stringMatching(/^a/), ResourceId: FLEETS.everyCode, EventCode: 'GENERIC_EVENT', Message: 'over http', EventTime: expect.any(Number) });
    const events = await newest(FLEETS.everyCode, 2);
    expect(events.map((event) => event.Message)).toEqual(['by ARN', 'over http']);
    expect(await (await fetch(events[1]?.PreSignedLogUrl ?? '')).text()).toBe('a log over http\n');
  });

  it('DELETE /_simulator/fleets/<fleet> answers 204, then 400 once the fleet is TERMINATED', async () => {
    const fleetId = harness.sim.createFleet({ phaseMs: 0 }).fleetId;
    const deleted = await controlCall(harness.sim, 'DELETE', `/_simulator/fleets/${fleetId}`);
    expect([deleted.status, deleted.json]).toEqual([204, undefined]);
    expect(await statusOf(fleetId)).toBe('TERMINATED');
    expect((await newest(fleetId, 1))[0]?.EventCode).toBe('FLEET_DELETED');
    expect(await controlCall(harness.sim, 'DELETE', `/_simulator/fleets/${fleetId}`)).toEqual({
      status: 400,
      json: { message: `Fleet ${fleetId} is already TERMINATED` },
    });
  });

  it.each([
    ['POST', `/_simulator/fleets/${MISSING}/events`, { events: [{ eventCode: 'GENERIC_EVENT' }] }, 404, `No fleet ${MISSING} in this simulator`],
    ['DELETE', `/_simulator/fleets/${MISSING}`, undefined, 404, `No fleet ${MISSING} in this simulator`],
    ['POST', '/_simulator/fleets', '{"name": ', 400, /^Request body is not valid JSON/],
    ['POST', '/_simulator/fleets', [1], 400, /^createFleet options must be a JSON object/],
    ['POST', '/_simulator/fleets', { outcome: 'NOPE' }, 400, /^createFleet options\.outcome must be one of ACTIVE, /],
    ['POST', '/_simulator/fleets', { phaseMs: '50' }, 400, /phaseMs must be an integer from 0 to 3600000, got "50"/],
    ['POST', `/_simulator/fleets/${FLEETS.bigActive}/events`, { event: [] }, 400, 'Request body must be a JSON object {"events": [...]}'],
    ['POST', `/_simulator/fleets/${FLEETS.bigActive}/events`, { events: [{ eventCode: 'bad' }] }, 400, /^events\[0\]\.eventCode must be/],
    ['POST', '/_simulator/fleets/%E0%A4%A/events', { events: [{ eventCode: 'GENERIC_EVENT' }] }, 400, /not valid percent-encoding/],
    ['GET', '/_simulator/fleets', undefined, 404, 'No route for GET /_simulator/fleets'],
    ['PUT', `/_simulator/fleets/${FLEETS.bigActive}`, undefined, 404, /^No route for PUT/],
    ['DELETE', `/_simulator/fleets/${FLEETS.bigActive}/events`, undefined, 404, /^No route for DELETE/],
    ['POST', '/_simulator/fleets/a/b/c', {}, 404, /^No route for POST/],
  ])('%s %s answers %i with a JSON message', async (method, path, body, status, message) => {
    const answer = await controlCall(harness.sim, method, path, body);
    expect(answer.status).toBe(status);
    expect(String(answer.json?.message)).toMatch(message);
  });

  it('leaves the fleets untouched by refused calls', async () => {
    expect(await newest(FLEETS.bigActive, 1)).toEqual([expect.objectContaining({ EventId: seedFleet(FLEETS.bigActive).events[0]?.EventId })]);
    expect(await statusOf(FLEETS.bigActive)).toBe('ACTIVE');
  });

  it('answers 413 to a body over 1 MiB and keeps serving', async () => {
    const big = { events: [{ eventCode: 'GENERIC_EVENT', log: 'x'.repeat(2 * 1024 * 1024) }] };
    const answer = await controlCall(harness.sim, 'POST', `/_simulator/fleets/${FLEETS.bigActive}/events`, big);
    expect(answer).toEqual({ status: 413, json: { message: 'Request body exceeds 1048576 bytes' } });
    expect((await controlCall(harness.sim, 'POST', '/_simulator/fleets', { phaseMs: 0 })).status).toBe(201);
  });

  it('shrugs off a client that hangs up mid-body, without reporting a simulator error', async () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      await new Promise<void>((resolve) => {
        const abandoned = request(`${harness.sim.url}/_simulator/fleets`, { method: 'POST', headers: { 'Content-Length': '1000' } });
        abandoned.on('error', () => resolve());
        abandoned.on('close', () => resolve());
        abandoned.write('{"name":', () => setTimeout(() => abandoned.destroy(), 20));
      });
      expect((await controlCall(harness.sim, 'POST', '/_simulator/fleets', { phaseMs: 0 })).status).toBe(201);
      expect(reported).not.toHaveBeenCalled();
    } finally {
      reported.mockRestore();
    }
  });
});
