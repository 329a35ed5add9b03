import { parseArgs } from 'node:util';
import { DEFAULT_REGIONS, startSimulator } from './index.js';

const USAGE = `Usage: npm run simulator -- [--port <0-65535>] [--host <address>] [--regions <r1,r2,…>]

Serves the GameLift simulator until SIGINT or SIGTERM.
  --port     port to listen on (default 4599; 0 picks a free one)
  --host     address to bind (default 127.0.0.1)
  --regions  Regions served, told apart by each request's SigV4 scope (default ${DEFAULT_REGIONS.join(',')})`;

interface CliOptions {
  readonly port: number;
  readonly host: string;
  readonly regions?: readonly string[];
}

function parseCli(args: readonly string[]): CliOptions {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: { port: { type: 'string' }, host: { type: 'string' }, regions: { type: 'string' } },
    strict: true,
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new Error(`Unexpected argument ${positionals[0]}`);
  const port = Number(values.port ?? '4599');
  if (!/^\d+$/.test(values.port ?? '4599') || port > 65_535) throw new Error(`Invalid --port ${values.port}`);
  if (values.host === '') throw new Error('Invalid --host ""');
  const regions = values.regions?.split(',').map((region) => region.trim()).filter(Boolean);
  return { port, host: values.host ?? '127.0.0.1', ...(regions ? { regions } : {}) };
}

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  let simulator;
  try {
    simulator = await startSimulator(options);
  } catch (error) {
    if (error instanceof RangeError) {
      console.error(`${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    console.error(`GameLift simulator: port ${options.port} on ${options.host} is already in use: stop the other process or pass --port`);
    process.exit(1);
  }
  console.log(`GameLift simulator listening on ${simulator.url}`);
  const stop = (): void => {
    simulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
