/**
 * Holds many GraphQL-over-SSE subscriptions open, as many dashboards would, in a process of its own
 * (forked by the live scenarios) so that its sockets and parsing weigh on neither the gateway nor
 * the bench. IPC: `{ open: N, url, query(i) as a list of bodies }` opens streams up to N in all and
 * answers `{ open, failed }` once their headers are in; `{ count: true }` answers how many events
 * every stream has received; `'close'` ends them all and exits.
 */
import { Agent, request, type ClientRequest } from 'node:http';

interface OpenMessage {
  readonly open: number;
  readonly url: string;
  readonly bodies: readonly string[];
  readonly headers?: Record<string, string>;
}

const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const streams: ClientRequest[] = [];
/** Events received, per stream. */
const events: number[] = [];
let failed = 0;
/** Why streams failed: status codes and socket errors, counted. */
const reasons = new Map<string, number>();
const failure = (reason: string) => {
  failed++;
  reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
};

function openOne(target: URL, body: string, headers: Record<string, string>): Promise<void> {
  const index = streams.length;
  events.push(0);
  return new Promise((resolve) => {
    const outgoing = request(
      target,
      { agent, method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body), ...headers } },
      (response) => {
        if (response.statusCode !== 200) failure(`HTTP ${response.statusCode}`);
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          events[index] = (events[index] ?? 0) + (chunk.match(/^event: next$/gm)?.length ?? 0);
        });
        response.on('error', () => undefined);
        resolve();
      },
    );
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      failure(error.code ?? error.message);
      resolve();
    });
    outgoing.end(body);
    streams.push(outgoing);
  });
}

process.on('message', (message: OpenMessage | { count: true } | 'close') => {
  if (message === 'close') {
    for (const stream of streams) stream.destroy();
    process.exit(0);
  }
  if ('count' in message) {
    process.send?.({ events });
    return;
  }
  void (async () => {
    const target = new URL(message.url);
    // A few hundred at a time: what a burst of dashboards opening looks like, without a SYN flood.
    while (streams.length < message.open) {
      const batch = Math.min(200, message.open - streams.length);
      await Promise.all(Array.from({ length: batch }, (_, i) => openOne(target, message.bodies[(streams.length + i) % message.bodies.length] as string, message.headers ?? {})));
    }
    process.send?.({ open: streams.length, failed, reasons: Object.fromEntries(reasons) });
  })();
});
