#!/usr/bin/env node
/**
 * `npx fleetgraph tail|diagnose FLEET_ID`: a fleet's live events, or how its creation went and
 * why it failed, from a fleetgraph gateway (see README "Command line"). Exit codes: 0 done,
 * 1 the gateway answered with errors or could not be asked, 2 bad usage.
 */
import { parseArguments, USAGE, UsageError, type Invocation } from './arguments.js';
import { diagnoseFleet } from './diagnose-command.js';
import { GatewayError } from './gateway-client.js';
import { tailFleet } from './tail-command.js';

async function main(argv: readonly string[]): Promise<number> {
  let invocation: Invocation;
  try {
    invocation = parseArguments(argv, process.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`fleetgraph: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (invocation.command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    return invocation.command === 'tail' ? await tailFleet(invocation) : await diagnoseFleet(invocation);
  } catch (error) {
    if (!(error instanceof GatewayError)) throw error;
    process.stderr.write(`fleetgraph: ${error.message}\n`);
    return 1;
  }
}

// `fleetgraph tail … | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fleetgraph: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
