import type { Operation } from './context.js';
import { BUILD_ID_OR_ARN, InputReader, NEXT_TOKEN, SCRIPT_ID_OR_ARN } from './input.js';
import { pageOfList } from './list-page.js';

/** A filter given as id or ARN matches the fleet's id or ARN field of the same kind. */
const matches = (reference: string | undefined, id: string | undefined, arn: string | undefined): boolean =>
  reference === undefined || reference === id || reference === arn;

export const listFleets: Operation = (input, { directory, tokens }) => {
  const reader = new InputReader(input);
  const buildRef = reader.string('BuildId', BUILD_ID_OR_ARN);
  const scriptRef = reader.string('ScriptId', SCRIPT_ID_OR_ARN);
  const limit = reader.integer('Limit', 1);
  const token = reader.string('NextToken', NEXT_TOKEN);
  reader.done();

  const selected = directory.fleets.filter(
    ({ attributes: a }) => matches(buildRef, a.BuildId, a.BuildArn) && matches(scriptRef, a.ScriptId, a.ScriptArn),
  );
  const page = pageOfList(selected, ['ListFleets', buildRef ?? null, scriptRef ?? null], limit, token, tokens);
  return { FleetIds: page.items.map((fleet) => fleet.attributes.FleetId), ...page.nextToken };
};
