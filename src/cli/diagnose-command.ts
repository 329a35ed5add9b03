import type { DiagnoseInvocation } from './arguments.js';
import { diagnosisReport, errorLine } from './formatting.js';
import { executeQuery } from './gateway-client.js';
import { FleetDiagnosisDocument } from './generated.js';

/**
 * `fleetgraph diagnose FLEET_ID`: the fleet's creation timeline and diagnosis, as a report or one
 * JSON line. Whatever data came is printed; any GraphQL error (one line each on stderr) makes it 1.
 */
export async function diagnoseFleet({ connection, fleetId, lines, json }: DiagnoseInvocation): Promise<number> {
  const result = await executeQuery(connection, FleetDiagnosisDocument, { fleetId, lines });
  const fleet = result.data?.fleet;
  const errors = result.errors ?? [];
  const logTailFailed = errors.some((error) => error.path?.at(-1) === 'logTail');
  if (fleet) process.stdout.write(json ? `${JSON.stringify(fleet)}\n` : diagnosisReport(fleet, lines, logTailFailed));
  for (const error of errors) process.stderr.write(`${errorLine(error)}\n`);
  return fleet && errors.length === 0 ? 0 : 1;
}
