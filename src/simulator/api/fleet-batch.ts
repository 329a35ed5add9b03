import type { OperationContext } from './context.js';
import { invalidRequest } from './errors.js';
import type { FleetView } from './fleet-directory.js';
import { FLEET_ID_OR_ARN, InputReader, NEXT_TOKEN } from './input.js';
import { pageOfList } from './list-page.js';

/**
 * The input and fleet selection DescribeFleetAttributes, DescribeFleetCapacity and
 * DescribeFleetUtilization share: `FleetIds` (ids or ARNs, at most maxFleetIdsPerCall), or none
 * for a page over all fleets. `describe` gives a fleet's record, or undefined if it has none.
 */
export function describeFleets<T>(
  operation: string,
  input: Readonly<Record<string, unknown>>,
  { directory, tokens, maxFleetIdsPerCall }: OperationContext,
  describe: (fleet: FleetView) => T | undefined,
): { records: T[]; nextToken: { NextToken?: string } } {
  const reader = new InputReader(input);
  const references = reader.stringList('FleetIds', 1, FLEET_ID_OR_ARN);
  const limit = reader.integer('Limit', 1);
  const token = reader.string('NextToken', NEXT_TOKEN);
  reader.done();

  const recordsOf = (fleets: readonly FleetView[]): T[] => fleets.flatMap((fleet) => describe(fleet) ?? []);
  if (references === undefined) {
    // Pages run over all fleets, so positions stay put; fleets without a record leave a page short.
    const page = pageOfList(directory.fleets, [operation], limit, token, tokens);
    return { records: recordsOf(page.items), nextToken: page.nextToken };
  }
  if (references.length > maxFleetIdsPerCall) {
    throw invalidRequest(`FleetIds can contain at most ${maxFleetIdsPerCall} fleet IDs or ARNs per request; got ${references.length}.`);
  }
  // Limit and NextToken do not apply to an explicit list. Unknown fleets are silently left out and
  // the rest come back in store order, not request order: clients must match them by FleetId.
  const wanted = new Set(references.map((reference) => directory.find(reference)));
  return { records: recordsOf(directory.fleets.filter((fleet) => wanted.has(fleet))), nextToken: {} };
}
