import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_QUERY } from '../../src/demo-query.js';
import { FLEETS } from '../../src/simulator/index.js';
import { startStack, type Stack } from '../support/stack.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// CI installs Chromium (.ci/run) and must run this test; elsewhere it runs when Chromium is there.
const runnable = existsSync(CHROMIUM) || process.env.CI === 'true';
if (!runnable) console.warn(`GraphiQL browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium).`);

describe.runIf(runnable)('GraphiQL in a browser', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack({ gateway: { graphiqlDefaultQuery: DEMO_QUERY } });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  it("serves GraphiQL from local assets and shows the demo's failed fleet with its logs", async () => {
    const context = await browser.newContext();
    const outside: string[] = [];
    // Every request the page makes is recorded (not intercepted: interception would turn off
    // the browser's cache, which the reload below must use); anything but the gateway counts.
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:' && url.protocol !== 'blob:') outside.push(url.origin);
    });
    const page = await context.newPage();
    // Bytes over the wire (compressed, headers included), as Chromium counts them.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    let wireBytes = 0;
    // data: URLs (GraphiQL's inlined fonts) are decoded in the page, not sent over the wire: Chromium still reports them.
    const overTheWire = new Set<string>();
    cdp.on('Network.requestWillBeSent', (event) => {
      if (/^https?:/.test(event.request.url)) overTheWire.add(event.requestId);
    });
    cdp.on('Network.loadingFinished', (event) => {
      if (overTheWire.has(event.requestId)) wireBytes += event.encodedDataLength;
    });
    await page.goto(stack.url, { waitUntil: 'load' });
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    // Monaco renders spaces as no-break spaces, and only the lines in view.
    const shown = async () => (await page.locator('.graphiql-response').innerText()).replaceAll('\u00a0', ' ');
    await expect.poll(shown, { timeout: 30_000 }).toContain('"status": "ERROR"');
    const response = await shown();
    const failed = stack.sim.data.fleets.find((fleet) => fleet.attributes.FleetId === FLEETS.failedCreation);
    expect(response).toContain(`"name": "${failed?.attributes.Name}"`);
    expect(response).toContain(`"eventCode": "${failed?.events[0]?.EventCode}"`);
    expect(response).toMatch(/"log": \{\s*"content": "\d{4}-\d\d-\d\dT/);
    expect(response).not.toContain('"errors"');
    if (process.env.GRAPHIQL_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHIQL_SCREENSHOT });
    // The first load moves at most 3 MB (GraphiQL's code, compressed); a reload little more than the HTML.
    expect(wireBytes).toBeGreaterThan(500_000);
    expect(wireBytes).toBeLessThan(3_000_000);
    const firstLoad = wireBytes;
    wireBytes = 0;
    await page.reload({ waitUntil: 'load' });
    await run.waitFor({ timeout: 30_000 });
    expect(wireBytes).toBeLessThan(50_000);
    console.log(`GraphiQL over the wire: first load ${firstLoad} bytes, reload ${wireBytes} bytes`);
    expect(outside).toEqual([]);
    await context.close();
  });
});
