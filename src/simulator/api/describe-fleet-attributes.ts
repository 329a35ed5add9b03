import type { Operation } from './context.js';
import { invalidRequest } from './errors.js';
import { FLEET_ID_OR_ARN, InputReader, NEXT_TOKEN } from './input.js';
import { pageOfList } from './list-page.js';
import { wireFleetAttributes } from './wire.js';

export const describeFleetAttributes: Operation = (input, { directory, tokens, maxFleetIdsPerCall }) => {
  const reader = new InputReader(input);
  const references = reader.stringList('FleetIds', 1, FLEET_ID_OR_ARN);
  const limit = reader.integer('Limit', 1);
  const token = reader.string('NextToken', NEXT_TOKEN);
  reader.done();

  if (references === undefined) {
    const page = pageOfList(directory.fleets, ['DescribeFleetAttributes'], limit, token, tokens);
    return { FleetAttributes: page.items.map((fleet) => wireFleetAttributes(fleet.attributes)), ...page.nextToken };
  }
  if (references.length > maxFleetIdsPerCall) {
    throw invalidRequest(`FleetIds can contain at most ${maxFleetIdsPerCall} fleet IDs or ARNs per request; got ${references.length}.`);
  }
  // Limit and NextToken do not apply to an explicit list. Unknown fleets are silently left out and
  // the rest come back in store order, not request order: clients must match them by FleetId.
  const wanted = new Set(references.map((reference) => directory.find(reference)));
  const found = directory.fleets.filter((fleet) => wanted.has(fleet));
  return { FleetAttributes: found.map((fleet) => wireFleetAttributes(fleet.attributes)) };
};
