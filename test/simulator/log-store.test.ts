import { get } from 'node:http';
import { DescribeFleetEventsCommand } from '@aws-sdk/client-gamelift';
import { describe, expect, it } from 'vitest';
import { FLEETS, decodedLog, seedData, startSimulator } from '../../src/simulator/index.js';
import { LogUrlSigner } from '../../src/simulator/logstore/signer.js';
import { clientFor, logUrlFor, simulatorForFile } from './support.js';

let clock = Date.now();
const harness = simulatorForFile({ now: () => clock });

const { large, multibyte, empty, gzip } = seedData.specialLogs;

/** Stored bytes exactly as sent, without fetch's transparent gzip decoding. */
function rawGet(url: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

const bytesOf = async (response: Response): Promise<Buffer> => Buffer.from(await response.arrayBuffer());

async function expectS3Error(response: Response, status: number, code: string): Promise<string> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/xml');
  const body = await response.text();
  expect(body).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>/);
  expect(body).toContain(`<Code>${code}</Code>`);
  return body;
}

describe('presigned log URLs', () => {
  it('come with every creation-phase event and look like S3 presigned GETs longer than 1,024 characters', async () => {
    const { Events = [] } = await harness.client.send(new DescribeFleetEventsCommand({ FleetId: FLEETS.failedCreation }));
    const urls = Events.flatMap((event) => (event.PreSignedLogUrl ? [event.PreSignedLogUrl] : []));
    expect(urls).toHaveLength(4);
    for (const url of urls) {
      expect(url.length).toBeGreaterThan(1024);
      const parsed = new URL(url);
      expect(parsed.origin).toBe(harness.sim.url);
      expect(parsed.pathname).toMatch(new RegExp(`^/logs/${FLEETS.failedCreation}/events/a[0-9a-f-]{35}/FLEET_[A-Z_]+\\.txt$`));
      expect([...parsed.searchParams.keys()]).toEqual([
        'X-Amz-Algorithm',
        'X-Amz-Credential',
        'X-Amz-Date',
        'X-Amz-Expires',
        'X-Amz-SignedHeaders',
        'X-Amz-Security-Token',
        'X-Amz-Signature',
      ]);
      expect(parsed.searchParams.get('X-Amz-Credential')).toMatch(/^ASIA\w+\/\d{8}\/us-west-2\/s3\/aws4_request$/);
      expect(parsed.searchParams.get('X-Amz-Expires')).toBe('900');
    }
  });

  it('serve the exact stored bytes with S3 headers', async () => {
    const { Events = [] } = await harness.client.send(new DescribeFleetEventsCommand({ FleetId: FLEETS.failedCreation }));
    for (const event of Events.filter((candidate) => candidate.PreSignedLogUrl)) {
      const key = `logs/${FLEETS.failedCreation}/events/${event.EventId}/${event.EventCode}.txt`;
      const response = await fetch(event.PreSignedLogUrl ?? '');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
      expect(new Date(response.headers.get('last-modified') ?? '').getTime()).toBe(Math.floor((event.EventTime?.getTime() ?? 0) / 1000) * 1000);
      expect(Number(response.headers.get('content-length'))).toBe(harness.sim.data.logs.get(key)?.length);
      expect((await bytesOf(response)).equals(harness.sim.data.logs.get(key) ?? Buffer.alloc(1))).toBe(true);
    }
  });

  it.each([
    ['large', large],
    ['multibyte', multibyte],
    ['empty', empty],
  ])('serve the %s log byte for byte', async (_, key) => {
    const response = await fetch(await logUrlFor(harness.client, key));
    expect(response.status).toBe(200);
    expect((await bytesOf(response)).equals(harness.sim.data.logs.get(key) ?? Buffer.alloc(1))).toBe(true);
  });

  it('serve the gzip log compressed, with Content-Encoding: gzip', async () => {
    const url = await logUrlFor(harness.client, gzip);
    const raw = await rawGet(url);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.equals(harness.sim.data.logs.get(gzip) ?? Buffer.alloc(1))).toBe(true);
    expect((await bytesOf(await fetch(url))).equals(decodedLog(gzip))).toBe(true);
  });

  it('answer ranges with 206, suffix ranges included, and unsatisfiable ones with 416', async () => {
    const url = await logUrlFor(harness.client, multibyte);
    const stored = harness.sim.data.logs.get(multibyte) ?? Buffer.alloc(0);
    const size = stored.length;
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1001-2002', 1001, 2002],
      [`bytes=${size - 10}-`, size - 10, size - 1],
      ['bytes=-37', size - 37, size - 1],
      [`bytes=5-${size + 1000}`, 5, size - 1],
    ];
    for (const [range, first, last] of cases) {
      const response = await fetch(url, { headers: { Range: range } });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${first}-${last}/${size}`);
      expect((await bytesOf(response)).equals(stored.subarray(first, last + 1))).toBe(true);
    }
    for (const range of [`bytes=${size}-`, 'bytes=-0']) {
      const response = await fetch(url, { headers: { Range: range } });
      expect(response.headers.get('content-range')).toBe(`bytes */${size}`);
      expect(await expectS3Error(response, 416, 'InvalidRange')).toContain(`<ActualObjectSize>${size}</ActualObjectSize>`);
    }
    const ignored = await fetch(url, { headers: { Range: 'bytes=0-1,5-6' } });
    expect(ignored.status).toBe(200);
    expect((await bytesOf(ignored)).length).toBe(size);
    expect((await fetch(await logUrlFor(harness.client, empty), { headers: { Range: 'bytes=0-' } })).status).toBe(416);
  });

  it('answer HEAD with headers only', async () => {
    const response = await fetch(await logUrlFor(harness.client, large), { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('content-length'))).toBe(harness.sim.data.logs.get(large)?.length);
    expect((await bytesOf(response)).length).toBe(0);
  });

  it('expire 900 seconds after they were minted', async () => {
    // X-Amz-Date has whole seconds, so start on one to make the 900 s boundary exact.
    clock = Math.floor(Date.now() / 1000) * 1000;
    const url = await logUrlFor(harness.client, multibyte);
    clock += 900_000;
    expect((await fetch(url)).status).toBe(200);
    clock += 1_000;
    const body = await expectS3Error(await fetch(url), 403, 'AccessDenied');
    expect(body).toContain('<Message>Request has expired</Message>');
    expect(body).toContain('<X-Amz-Expires>900</X-Amz-Expires>');
    expect(body).toMatch(/<Expires>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/Expires><ServerTime>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/ServerTime>/);
    // A fresh DescribeFleetEvents call mints a fresh, working URL.
    const fresh = await logUrlFor(harness.client, multibyte);
    expect(fresh).not.toBe(url);
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('can be minted already expired', async () => {
    const stale = await startSimulator({ logUrlDateOffsetSeconds: -1000 });
    try {
      await expectS3Error(await fetch(await logUrlFor(clientFor(stale), multibyte)), 403, 'AccessDenied');
    } finally {
      await stale.close();
    }
  });

  it('refuse any edit with SignatureDoesNotMatch', async () => {
    const url = await logUrlFor(harness.client, multibyte);
    const signature = new URL(url).searchParams.get('X-Amz-Signature') ?? '';
    const edits = [
      url.replace(`X-Amz-Signature=${signature}`, `X-Amz-Signature=${signature.startsWith('0') ? '1' : '0'}${signature.slice(1)}`),
      url.replace('X-Amz-Expires=900', 'X-Amz-Expires=9000'),
      url.replace(`&X-Amz-Signature=${signature}`, ''),
      url.replace('/events/a', '/events/b'),
      `${url}&extra=1`,
      url.split('?')[0] ?? '',
    ];
    for (const edited of edits) {
      const body = await expectS3Error(await fetch(edited), 403, 'SignatureDoesNotMatch');
      expect(body).toContain('<Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>');
    }
  });

  it('answer NoSuchKey for a correctly signed URL to a missing object', async () => {
    const signer = new LogUrlSigner({ base: harness.sim.url, now: () => clock, dateOffsetSeconds: 0 });
    const key = `logs/${FLEETS.bigActive}/events/a0000000-0000-4000-8000-000000000000/FLEET_CREATED.txt`;
    const body = await expectS3Error(await fetch(signer.mint(key)), 404, 'NoSuchKey');
    expect(body).toContain(`<Key>${key}</Key>`);
  });

  it('expire the next N fetches on demand, whatever the URL, and count log requests', async () => {
    const url = await logUrlFor(harness.client, multibyte);
    harness.sim.resetStats();
    harness.sim.setFaults({ expireNextLogFetches: 2 });
    await expectS3Error(await fetch(url), 403, 'AccessDenied');
    await expectS3Error(await fetch(`${harness.sim.url}/logs/unsigned.txt`), 403, 'AccessDenied');
    expect((await fetch(url)).status).toBe(200);
    await expectS3Error(await fetch(`${harness.sim.url}/logs/unsigned.txt`), 403, 'SignatureDoesNotMatch');
    expect(harness.sim.stats()).toMatchObject({ logRequests: 4, calls: {} });
  });

  it('point at logUrlBase when one is given', async () => {
    const elsewhere = await startSimulator({ logUrlBase: 'http://logs.example.test:9000/' });
    try {
      expect(await logUrlFor(clientFor(elsewhere), empty)).toMatch(/^http:\/\/logs\.example\.test:9000\/logs\/fleet-/);
    } finally {
      await elsewhere.close();
    }
  });
});
