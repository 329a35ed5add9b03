/**
 * The baseline the gateway is measured against: a bare SDK proxy with no GraphQL, cache, budget,
 * logging or checks beyond what a hand-written endpoint would have. One route: POST a JSON
 * `{ "fleetId", "startTime" }`, get the newest 20 events at or after startTime as
 * `{ "events": [{ eventId, eventCode, eventTime }] }`, from one DescribeFleetEvents with
 * Limit 21 (the page and one more, as the gateway asks, to know whether a next page exists).
 *
 * Configured like the gateway, from the environment: PORT (0: any), HOST, and the AWS SDK's own
 * AWS_REGION, credentials and AWS_ENDPOINT_URL_GAMELIFT. Logs `{"url":…}` once it listens.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeFleetEventsCommand, GameLiftClient } from '@aws-sdk/client-gamelift';

const PAGE_SIZE = 20;
const MAX_BODY_BYTES = 64 * 1024;

interface PageRequest {
  readonly fleetId: string;
  readonly startTime: Date;
}

// SDK defaults otherwise (keep-alive connections, retries): the gateway's settings are its own.
const client = new GameLiftClient({});

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RangeError('body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function pageRequest(body: unknown): PageRequest | null {
  if (typeof body !== 'object' || body === null) return null;
  const { fleetId, startTime } = body as Record<string, unknown>;
  if (typeof fleetId !== 'string' || typeof startTime !== 'string') return null;
  const start = new Date(startTime);
  return Number.isNaN(start.getTime()) ? null : { fleetId, startTime: start };
}

function send(response: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

async function serveEvents(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const page = pageRequest(await readJson(request).catch(() => null));
  if (!page) return send(response, 400, { error: 'expected a JSON body { "fleetId": string, "startTime": ISO date }' });
  try {
    const answer = await client.send(
      new DescribeFleetEventsCommand({ FleetId: page.fleetId, StartTime: page.startTime, Limit: PAGE_SIZE + 1 }),
    );
    const events = (answer.Events ?? []).slice(0, PAGE_SIZE).map((event) => ({
      eventId: event.EventId,
      eventCode: event.EventCode,
      eventTime: event.EventTime?.toISOString(),
    }));
    send(response, 200, { events });
  } catch (error) {
    send(response, 502, { error: error instanceof Error ? `${error.name}: ${error.message}` : 'upstream failed' });
  }
}

const server = createServer((request, response) => {
  if (request.method !== 'POST') {
    request.resume();
    return send(response, 405, { error: 'POST only' });
  }
  serveEvents(request, response).catch(() => response.destroy());
});

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { address, port } = server.address() as AddressInfo;
  console.log(JSON.stringify({ msg: 'baseline listening', url: `http://${address}:${port}/` }));
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
