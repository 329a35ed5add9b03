import { spawn } from 'node:child_process';
import { GameLiftClient, ListFleetsCommand } from '@aws-sdk/client-gamelift';
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

  it('serves the Regions --regions names, and refuses one that is not a Region name', async () => {
    const child = run(['--port', '0', '--regions', 'us-west-2,ap-south-1']);
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const url = line.replace('GameLift simulator listening on ', '');
    const inRegion = (region: string) => new GameLiftClient({ endpoint: url, region, credentials: { accessKeyId: 't', secretAccessKey: 't' }, maxAttempts: 1 });
    const mumbai = inRegion('ap-south-1');
    const frankfurt = inRegion('eu-central-1');
    try {
      const { FleetIds } = await mumbai.send(new ListFleetsCommand({}));
      expect(FleetIds?.length).toBeGreaterThan(0);
      await expect(frankfurt.send(new ListFleetsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    } finally {
      mumbai.destroy();
      frankfurt.destroy();
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    const bad = run(['--port', '0', '--regions', 'moon-base']);
    let stderr = '';
    bad.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(bad, 'exit')) as [number | null];
    expect(code).toBe(2);
    expect(stderr).toContain('"moon-base" is not a Region name');
    expect(stderr).toContain('--regions');
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
