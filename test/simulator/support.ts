import {
  DescribeFleetEventsCommand,
  GameLiftClient,
  paginateDescribeFleetEvents,
  type DescribeFleetEventsCommandInput,
  type Event,
} from '@aws-sdk/client-gamelift';
import { perFile } from '../support/per-file.js';
import { seedData, startSimulator, type SeedEvent, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

export function clientFor(sim: Simulator, maxAttempts?: number): GameLiftClient {
  return new GameLiftClient({
    endpoint: sim.url,
    region: 'us-west-2',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}

/** A simulator and an SDK client pointed at it, started before a file's tests and closed after. */
export function simulatorForFile(options?: SimulatorOptions): { readonly sim: Simulator; readonly client: GameLiftClient } {
  const started = perFile(
    async () => {
      const sim = await startSimulator(options);
      return { sim, client: clientFor(sim) };
    },
    async ({ sim, client }) => {
      client.destroy();
      await sim.close();
    },
  );
  return {
    get sim() {
      return started().sim;
    },
    get client() {
      return started().client;
    },
  };
}


/** The fields an SDK Event and a SeedEvent share, in one comparable shape. */
export interface ComparableEvent {
  EventId?: string;
  ResourceId?: string;
  EventCode?: string;
  Message?: string;
  EventTime?: number;
  Count?: number;
  hasLog: boolean;
}

export const fromSdk = (event: Event): ComparableEvent => ({
  EventId: event.EventId,
  ResourceId: event.ResourceId,
  EventCode: event.EventCode,
  Message: event.Message,
  EventTime: event.EventTime?.getTime(),
  ...(event.Count === undefined ? {} : { Count: event.Count }),
  hasLog: event.PreSignedLogUrl !== undefined,
});

export const fromSeed = (event: SeedEvent): ComparableEvent => ({
  EventId: event.EventId,
  ResourceId: event.ResourceId,
  EventCode: event.EventCode,
  Message: event.Message,
  EventTime: event.EventTime,
  ...(event.Count === undefined ? {} : { Count: event.Count }),
  hasLog: event.logKey !== undefined,
});

export interface EventPage {
  events: Event[];
  nextToken?: string;
}

/** Every page the SDK paginator yields for one query. */
export async function allPages(client: GameLiftClient, input: DescribeFleetEventsCommandInput, pageSize: number): Promise<EventPage[]> {
  const pages: EventPage[] = [];
  for await (const page of paginateDescribeFleetEvents({ client, pageSize }, { ...input })) {
    pages.push({ events: page.Events ?? [], ...(page.NextToken === undefined ? {} : { nextToken: page.NextToken }) });
  }
  return pages;
}

/** The log URL the simulator mints for a seeded log key, fetched through a real DescribeFleetEvents call. */
export async function logUrlFor(client: GameLiftClient, key: string): Promise<string> {
  const event = seedData.fleets.flatMap((fleet) => fleet.events).find((candidate) => candidate.logKey === key);
  if (!event) throw new Error(`No event has log ${key}`);
  // A window of one instant finds the event cheaply even deep inside a 5,000-event fleet.
  const at = new Date(event.EventTime);
  const { Events = [] } = await client.send(
    new DescribeFleetEventsCommand({ FleetId: event.ResourceId, StartTime: at, EndTime: at, Limit: 100 }),
  );
  const url = Events.find((candidate) => candidate.EventId === event.EventId)?.PreSignedLogUrl;
  if (!url) throw new Error(`DescribeFleetEvents returned no log URL for ${key}`);
  return url;
}

/** A raw AWS JSON 1.1 request, for what the SDK would never send. */
export async function rawCall(
  sim: Simulator,
  target: string | undefined,
  body: string,
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(`${sim.url}/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-amz-json-1.1', ...(target === undefined ? {} : { 'X-Amz-Target': target }) },
    body,
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Record<string, unknown> };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A call to the simulator's HTTP control routes; `body` is sent as JSON unless it is a string. */
export async function controlCall(
  sim: Simulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> | undefined }> {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>) };
}
