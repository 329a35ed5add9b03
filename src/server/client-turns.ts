import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ClientTurnSettings {
  /** CLIENT_MAX_CONCURRENT_REQUESTS: requests of one client in progress at once. */
  readonly maxInProgress: number;
  /** Requests of one client that may wait their turn; past that, 429. */
  readonly maxWaiting: number;
}

interface Client {
  inProgress: number;
  /** Waiting requests, oldest first, from `head` on. */
  waiting: (() => void)[];
  head: number;
}

/**
 * Takes turns between clients before any work is done for a request: each client (named by the
 * credential it presents, or by its address without one) has at most `maxInProgress` requests in
 * progress; the others wait, in order, for one of its own to finish. A request is in progress until
 * its response starts (a stream's first bytes, a query's answer) or its client hangs up. So a
 * client opening 500 streams at once has its requests set up 32 at a time, and another client's
 * request is never behind more than that of its work: a waiting request starts on a later turn of
 * the event loop, after what other clients have sent meanwhile. A client with `maxWaiting` requests
 * already waiting is answered 429 at once.
 */
export class ClientTurns {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly settings: ClientTurnSettings) {}

  /** Runs `start` when the request's turn comes; false (nothing run) when its client has too many waiting. */
  admit(request: IncomingMessage, response: ServerResponse, start: () => void): boolean {
    const key = clientKey(request);
    const client = this.clients.get(key) ?? { inProgress: 0, waiting: [], head: 0 };
    this.clients.set(key, client);
    const begin = () => {
      client.inProgress++;
      this.whenStarted(response, () => this.finish(key, client));
      start();
    };
    if (client.inProgress < this.settings.maxInProgress) {
      begin();
      return true;
    }
    if (client.waiting.length - client.head >= this.settings.maxWaiting) return false;
    let gone = false;
    response.once('close', () => (gone = true));
    client.waiting.push(() => (gone ? this.finish(key, client, false) : begin()));
    return true;
  }

  /** Once the response starts, or the connection closes before it does. */
  private whenStarted(response: ServerResponse, done: () => void): void {
    let called = false;
    const once = () => {
      if (called) return;
      called = true;
      done();
    };
    const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
    response.writeHead = ((...args: unknown[]) => {
      once();
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    response.once('close', once);
  }

  /** One of the client's requests is done (or, `inProgress` false, a waiting one left): the next waiting one starts. */
  private finish(key: string, client: Client, inProgress = true): void {
    if (inProgress) client.inProgress--;
    const next = client.waiting[client.head];
    if (next) {
      client.waiting[client.head++] = noop;
      if (client.head > 64 && client.head * 2 > client.waiting.length) {
        client.waiting = client.waiting.slice(client.head);
        client.head = 0;
      }
      // On a later turn of the event loop: what other clients sent meanwhile is read and started first.
      setImmediate(next);
      return;
    }
    if (client.inProgress === 0) this.clients.delete(key);
  }
}

const noop = () => undefined;

/** Who a request is from, before authentication: a digest of its credential, or its address without one. */
function clientKey(request: IncomingMessage): string {
  const credential = request.headers['x-api-key'] ?? request.headers.authorization;
  const text = Array.isArray(credential) ? credential.join(',') : credential;
  return text ? createHash('sha256').update(text).digest('base64url') : `address:${request.socket.remoteAddress ?? ''}`;
}
