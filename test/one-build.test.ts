/**
 * One `npm run build` into an empty dist/ makes a tree every entry point runs from, and `npm start`
 * runs that tree without compiling: in a copy of the repository (sources, configuration, and this
 * checkout's node_modules), as a fresh clone would be after `npm ci --ignore-scripts`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/simulator/index.js';
import { runNode } from './support/node-process.js';
import { freePort } from './support/ports.js';

const REPO = process.cwd();
const copy = mkdtempSync(join(tmpdir(), 'fleetgraph-one-build-'));
let sim: Simulator;

beforeAll(() => {
  for (const path of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']) cpSync(join(REPO, path), join(copy, path), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: copy, stdio: 'pipe' });
}, 120_000);

beforeAll(async () => {
  sim = await startSimulator();
});

afterAll(async () => {
  await sim?.close();
  rmSync(copy, { recursive: true, force: true });
});

const simulatorEnv = (extra: Record<string, string> = {}) => ({
  AWS_ENDPOINT_URL_GAMELIFT: sim.url,
  AWS_REGION: 'us-west-2',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AUTH_DISABLED: 'true',
  HOST: '127.0.0.1',
  ...extra,
});

/** Runs `args` with node in the copy until `ready` shows in its output; resolves with that output, after stopping it. */
async function runUntil(args: readonly string[], env: Record<string, string>, ready: RegExp): Promise<string> {
  const child = spawn(process.execPath, args, { cwd: copy, env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    await expect.poll(() => output, { timeout: 20_000, message: `${args.join(' ')} to print ${ready}` }).toMatch(ready);
    return output;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('one build, every entry point', () => {
  it('serves from dist/main.js', async () => {
    const port = await freePort();
    await runUntil(['dist/main.js'], simulatorEnv({ PORT: String(port) }), /fleetgraph listening/);
  });

  it('runs dist/demo.js, dist/simulator/main.js and dist/cli/fleetgraph.js', async () => {
    const [gatewayPort, simulatorPort] = [await freePort(), await freePort()];
    await runUntil(['dist/demo.js'], { PORT: String(gatewayPort), SIMULATOR_PORT: String(simulatorPort) }, /fleetgraph demo ready/);
    await runUntil(['dist/simulator/main.js', '--port', '0'], {}, /GameLift simulator listening on/);
    const help = await runNode([join(copy, 'dist/cli/fleetgraph.js'), '--help'], {}).ended;
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('fleetgraph tail');
  });

  it('serves GraphiQL\'s assets from the same build', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/main.js'], { cwd: copy, env: { PATH: process.env.PATH ?? '', ...simulatorEnv({ PORT: String(port) }) } });
    try {
      await expect.poll(async () => (await fetch(`http://127.0.0.1:${port}/health`).catch(() => null))?.status, { timeout: 20_000 }).toBe(200);
      const page = await (await fetch(`http://127.0.0.1:${port}/graphql`, { headers: { accept: 'text/html' } })).text();
      const script = /src="(\/graphiql\/[^"]+\.js)"/.exec(page)?.[1];
      expect(script).toBeDefined();
      expect((await fetch(`http://127.0.0.1:${port}${script}`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  });

  it('npm start runs what is built without compiling, and says in one line when src/ is newer', async () => {
    // A source that would not compile: npm start must not try.
    writeFileSync(join(copy, 'src', 'broken.ts'), 'export const broken: number = ;\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(copy, 'src', 'broken.ts'), later, later);
    const port = await freePort();
    const child = spawn('npm', ['start', '--silent'], { cwd: copy, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...simulatorEnv({ PORT: String(port) }) }, detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await expect.poll(() => output, { timeout: 20_000 }).toContain('fleetgraph listening');
      const notices = output.split('\n').filter((line) => line.includes('src/ has changed since dist/ was built'));
      expect(notices).toEqual(['fleetgraph: src/ has changed since dist/ was built: this runs the older build (npm run build to rebuild)']);
      expect(output).not.toMatch(/error TS|tsc/);
    } finally {
      // npm does not pass SIGTERM on: end the process group.
      process.kill(-(child.pid as number), 'SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(join(copy, 'src', 'broken.ts'));
    }
  });
});
