import { describe, expect, it } from 'vitest';
import { FairQueue, type Ticket } from '../src/gamelift/upstream/fair-queue.js';

interface Named extends Ticket {
  readonly name: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A queue whose tickets record how they left. */
function queue(timeoutMs = 10_000, maxPerClient = Number.POSITIVE_INFINITY) {
  const expired: string[] = [];
  const rejected: string[] = [];
  const fair = new FairQueue<Named>({ timeoutMs, maxPerClient: () => maxPerClient }, (ticket) => expired.push(ticket.name));
  const add = (client: string, name: string, signal?: AbortSignal) =>
    fair.add({ client, name, reject: (error) => rejected.push(`${name}: ${error.name}`) }, signal);
  const drain = () => {
    const order: string[] = [];
    for (let ticket = fair.next(); ticket; ticket = fair.next()) order.push(ticket.name);
    return order;
  };
  return { fair, add, drain, expired, rejected };
}

describe('FairQueue', () => {
  it('serves clients round-robin, each client in its own order', () => {
    const { add, drain, fair } = queue();
    for (const [client, name] of [
      ['a', 'a1'],
      ['a', 'a2'],
      ['a', 'a3'],
      ['b', 'b1'],
      ['c', 'c1'],
      ['c', 'c2'],
    ]) {
      add(client as string, name as string);
    }
    expect(fair.size).toBe(6);
    expect(drain()).toEqual(['a1', 'b1', 'c1', 'a2', 'c2', 'a3']);
    expect(fair.size).toBe(0);
    expect(fair.next()).toBeNull();
  });

  it('gives a client that arrives while others wait its turn at the end of the current round', () => {
    const { add, fair } = queue();
    add('a', 'a1');
    add('a', 'a2');
    add('b', 'b1');
    expect(fair.next()?.name).toBe('a1');
    add('c', 'c1');
    expect([fair.next()?.name, fair.next()?.name, fair.next()?.name]).toEqual(['b1', 'a2', 'c1']);
  });

  it("drops all of a client's waiting calls once its next one has waited the timeout for its turn, and no one else's", async () => {
    const { add, fair, expired } = queue(80);
    add('slow', 's1');
    add('slow', 's2');
    add('slow', 's3');
    await sleep(50);
    add('late', 'l1');
    await sleep(60);
    expect(expired).toEqual(['s1', 's2', 's3']);
    expect(fair.size).toBe(1);
    await sleep(60);
    expect(expired).toEqual(['s1', 's2', 's3', 'l1']);
  });

  it('times a client from when its current head began to wait: a lane being served never expires', async () => {
    const { add, fair, expired } = queue(80);
    for (let i = 0; i < 6; i++) add('steady', `s${i}`);
    for (let i = 0; i < 5; i++) {
      await sleep(40);
      fair.next();
    }
    expect(expired).toEqual([]);
    expect(fair.size).toBe(1);
  });

  it('takes a waiter out at once when its signal aborts, with the reason', () => {
    const { add, drain, rejected } = queue();
    const gone = new AbortController();
    add('a', 'a1', gone.signal);
    add('a', 'a2');
    add('b', 'b1', gone.signal);
    gone.abort(new DOMException('client gone', 'AbortError'));
    expect(rejected).toEqual(['a1: AbortError', 'b1: AbortError']);
    expect(drain()).toEqual(['a2']);
  });

  it('refuses a waiter beyond maxPerClient for its client only', () => {
    const { add } = queue(10_000, 2);
    expect([add('a', 'a1'), add('a', 'a2'), add('a', 'a3'), add('b', 'b1')]).toEqual([true, true, false, true]);
  });

  it('keeps each operation O(1): 200,000 waiters of 1,000 clients in and out', () => {
    const { add, fair } = queue();
    for (let i = 0; i < 200_000; i++) add(`client-${i % 1000}`, `w${i}`);
    let served = 0;
    while (fair.next()) served++;
    expect(served).toBe(200_000);
  });
});
