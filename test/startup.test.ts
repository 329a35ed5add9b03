import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/** Runs `npm start`'s entry with only `env` (plus PATH) and returns how it ended. */
async function start(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr: stderr.trim() };
}

describe('start-up refusal', () => {
  it('refuses to start without authentication configured, in one line naming the variables', async () => {
    const { code, stderr, stdout } = await start({ AWS_REGION: 'us-west-2' });
    expect(code).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/AUTH_API_KEYS/);
    expect(stderr).toMatch(/AUTH_JWT_JWKS_URL/);
    expect(stderr).toMatch(/AUTH_DISABLED=true/);
  });

  it('names every bad setting on a line of its own, without a stack trace', async () => {
    const { code, stderr } = await start({ AUTH_API_KEYS: 'not-an-entry', PORT: 'eighty', MAX_QUERY_DEPTH: '0', CORS_ORIGINS: '*' });
    expect(code).not.toBe(0);
    const lines = stderr.split('\n');
    expect(lines).toHaveLength(4);
    expect(stderr).toMatch(/^fleetgraph: PORT must be an integer/m);
    expect(stderr).toMatch(/AUTH_API_KEYS entry 1/);
    expect(stderr).toMatch(/MAX_QUERY_DEPTH must be an integer from 1/);
    expect(stderr).toMatch(/CORS_ORIGINS/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
