import { serverSentEvents } from '../../src/cli/server-sent-events.js';

/** A GraphQL-over-SSE subscription as any client makes it: POST with Accept: text/event-stream. */
export interface SseSubscription<T> {
  /** Payloads received so far, in order. */
  readonly payloads: T[];
  /** Resolves when the server completes the stream. */
  readonly completed: Promise<void>;
  readonly status: Promise<number>;
  close(): void;
}

export function subscribeSse<T = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): SseSubscription<T> {
  const payloads: T[] = [];
  const abort = new AbortController();
  let status!: (code: number) => void;
  const statusPromise = new Promise<number>((resolve) => (status = resolve));
  const completed = (async () => {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
        body: JSON.stringify({ query, variables }),
        signal: abort.signal,
      });
      status(response.status);
      if (!response.body) return;
      for await (const { event, data } of serverSentEvents(response.body as unknown as AsyncIterable<Uint8Array>)) {
        if (event === 'next' && data) payloads.push(JSON.parse(data) as T);
        if (event === 'complete') return;
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
    }
  })();
  return { payloads, completed, status: statusPromise, close: () => abort.abort() };
}
