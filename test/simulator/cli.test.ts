import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

const run = (args: readonly string[]) =>
  spawn(process.execPath, ['--import', 'tsx', 'src/simulator/main.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm run simulator', () => {
  it('prints its url, serves, and exits cleanly on SIGTERM', async () => {
    const child = run(['--port', '0', '--host', '127.0.0.1']);
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    expect(line).toMatch(/^GameLift simulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = line.replace('GameLift simulator listening on ', '');
    expect((await fetch(`${url}/_simulator/stats`)).status).toBe(200);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });

  it('says in one line that the port is taken, and exits 1', async () => {
    const taken = createServer().listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const child = run(['--port', String(port)]);
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`GameLift simulator: port ${port} on 127.0.0.1 is already in use: stop the other process or pass --port`]);
    } finally {
      taken.close();
    }
  });

  it.each([[['--port', 'abc']], [['--port', '70000']], [['--verbose']], [['extra']]])('rejects %j with usage and exit code 2', async (args) => {
    const child = run(args);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('Usage: npm run simulator');
  });
});
