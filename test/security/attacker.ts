/**
 * The attacking client, as a process of its own (forked by the test, the attack in its first IPC
 * message): its hundreds of requests and streams keep its own event loop busy, not the one that
 * measures the victim's latency. Any later message stops it; it says 'stopped' and exits.
 */

export interface Attack {
  readonly url: string;
  readonly key: string;
  /** Loops running at once, each sending one request (or opening `streams` streams) after another. */
  readonly loops: number;
  /** Each request's body, by loop round: a GraphQL operation, or several streams opened together and dropped after `holdMs`. */
  readonly requests: readonly { readonly query: string; readonly variables?: Record<string, unknown> }[];
  /** Streams (Accept: text/event-stream) instead of queries, held this long (or until the attack ends: 0). */
  readonly streams?: { readonly holdMs: number };
}

const attack = await new Promise<Attack>((resolve) => process.once('message', (message) => resolve(message as Attack)));
const stop = new AbortController();
process.once('message', () => stop.abort());

const headers = { 'content-type': 'application/json', 'x-api-key': attack.key };
const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
const sleep = (ms: number) => Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, ms))]);

/** Sends one request and reads its answer to the end, or holds it open as a stream. */
async function send(body: Attack['requests'][number]): Promise<void> {
  if (!attack.streams) {
    const response = await fetch(attack.url, { method: 'POST', headers, body: JSON.stringify(body), signal: stop.signal });
    await response.arrayBuffer();
    return;
  }
  const leave = new AbortController();
  const gone = AbortSignal.any([leave.signal, stop.signal]);
  const response = await fetch(attack.url, { method: 'POST', headers: { ...headers, accept: 'text/event-stream' }, body: JSON.stringify(body), signal: gone });
  const reading = response.body?.pipeTo(new WritableStream(), { signal: gone }).catch(() => undefined);
  await (attack.streams.holdMs > 0 ? sleep(attack.streams.holdMs) : stopped);
  leave.abort();
  await reading;
}

let round = 0;
await Promise.all(
  Array.from({ length: attack.loops }, async () => {
    while (!stop.signal.aborted) {
      const batch = attack.streams ? attack.requests : [attack.requests[round++ % attack.requests.length] as Attack['requests'][number]];
      await Promise.all(batch.map((body) => send(body).catch(() => undefined)));
    }
  }),
);
process.send?.('stopped', undefined, undefined, () => process.exit(0));
