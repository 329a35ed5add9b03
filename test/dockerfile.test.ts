/**
 * The image, built the way Docker would build it, without Docker (these machines have no engine):
 * the test reads the Dockerfile itself and carries out each stage's WORKDIR, ENV, COPY (from the
 * repository, or --from an earlier stage) and RUN in a directory of its own, then starts the last
 * stage's CMD with its ENV (and PORT and the AWS settings, as `docker run -e` would give them)
 * against the simulator, runs its HEALTHCHECK and sends one authenticated query. Changing the
 * Dockerfile changes what is tested; an instruction this test cannot carry out fails it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newApiKey } from '../src/auth/api-keys.js';
import { FLEETS, startSimulator } from '../src/simulator/index.js';
import { freePort } from './support/ports.js';

interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

interface Stage {
  readonly name: string;
  readonly root: string;
  workdir: string;
  readonly env: Record<string, string>;
  cmd: string[] | null;
  healthcheck: string[] | null;
}

/** Instructions, with line continuations joined and comments dropped. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

/** An exec-form argument list (`["node", "x.js"]`); a shell form is refused: the image should not need a shell to start. */
function execForm(args: string): string[] {
  const parsed = JSON.parse(args) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((arg) => typeof arg === 'string')) throw new Error(`not an exec-form list: ${args}`);
  return parsed as string[];
}

const REPO = process.cwd();

/**
 * What RUN steps see besides the stage's ENV: this machine's environment, as a builder brings its
 * own network set-up (a registry's CA, a proxy) and cache; less what the test runner adds.
 */
function builderEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(VITEST|NODE_ENV$|TEST$)/.test(entry[0])));
}

/** Builds the Dockerfile's stages under `dir`; returns the last. */
function build(dir: string): Stage {
  const stages = new Map<string, Stage>();
  let stage: Stage | null = null;
  const inStage = (path: string) => join((stage as Stage).root, isAbsolute(path) ? path : join((stage as Stage).workdir, path));
  for (const { keyword, args } of instructions(readFileSync(join(REPO, 'Dockerfile'), 'utf8'))) {
    if (keyword === 'FROM') {
      const name = /\bAS\s+(\S+)$/i.exec(args)?.[1] ?? `stage-${stages.size}`;
      stage = { name, root: join(dir, name), workdir: '/', env: {}, cmd: null, healthcheck: null };
      mkdirSync(stage.root, { recursive: true });
      stages.set(name, stage);
      continue;
    }
    if (!stage) throw new Error(`${keyword} before FROM`);
    switch (keyword) {
      case 'WORKDIR':
        stage.workdir = isAbsolute(args) ? args : join(stage.workdir, args);
        mkdirSync(inStage('.'), { recursive: true });
        break;
      case 'ENV':
        for (const [, name, value] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[name as string] = (value as string).replace(/^"|"$/g, '');
        break;
      case 'COPY': {
        const from = /^--from=(\S+)\s+/.exec(args);
        const paths = args.replace(/^--from=\S+\s+/, '').split(/\s+/);
        const target = paths.pop() as string;
        const source = from ? (stages.get(from[1] as string) ?? null) : null;
        if (from && !source) throw new Error(`COPY --from=${from[1]}: no such stage`);
        for (const path of paths) {
          const origin = source ? join(source.root, isAbsolute(path) ? path : join(source.workdir, path)) : join(REPO, path);
          const destination = target.endsWith('/') ? join(inStage(target), path.split('/').filter(Boolean).pop() as string) : inStage(target);
          cpSync(origin, destination, { recursive: true });
        }
        break;
      }
      case 'RUN':
        execFileSync('sh', ['-c', args], { cwd: inStage('.'), env: { ...builderEnvironment(), ...stage.env }, stdio: 'pipe' });
        break;
      case 'HEALTHCHECK':
        stage.healthcheck = execForm(args.replace(/^(--\S+\s+)*CMD\s+/, ''));
        break;
      case 'CMD':
        stage.cmd = execForm(args);
        break;
      case 'USER':
      case 'EXPOSE':
        // The user and the documented port change nothing a process on this machine can check.
        break;
      default:
        throw new Error(`the Dockerfile test cannot carry out ${keyword}: teach it`);
    }
  }
  if (!stage) throw new Error('no stage');
  return stage;
}

const dir = mkdtempSync(join(tmpdir(), 'fleetgraph-image-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the Dockerfile, step by step', () => {
  // Two `npm ci` and a build: about 40 s on a 2-core machine with npm's cache warm.
  it('builds an image whose CMD serves, passes its HEALTHCHECK and answers an authenticated query', { timeout: 300_000 }, async () => {
    const image = build(dir);
    expect(image.cmd?.[0]).toBe('node');
    const sim = await startSimulator();
    const key = newApiKey('image-test');
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      ...image.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AWS_REGION: 'us-west-2',
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_ENDPOINT_URL_GAMELIFT: sim.url,
      AUTH_API_KEYS: key.entry,
    };
    const [command, ...args] = image.cmd as string[];
    const server = spawn(command as string, args, { cwd: join(image.root, image.workdir), env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    server.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await expect.poll(() => output, { timeout: 20_000, message: 'the image to start' }).toContain('fleetgraph listening');
      const [check, ...checkArgs] = image.healthcheck as string[];
      const health = spawn(check as string, checkArgs, { cwd: join(image.root, image.workdir), env, stdio: 'ignore' });
      expect(await new Promise((resolve) => health.once('exit', resolve))).toBe(0);
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key.key },
        body: JSON.stringify({ query: `{ fleet(fleetId: "${FLEETS.failedCreation}") { name status } }` }),
      });
      expect(await response.json()).toMatchObject({ data: { fleet: { status: 'ERROR' } } });
      // An image holds no sources: it never claims its build is stale.
      expect(output).not.toContain('src/ has changed');
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
      await sim.close();
    }
  });
});
