import { resolveConnection } from '../gamelift/connection.js';
import { cursorScope } from '../gamelift/cursor.js';
import { badUserInput } from '../gamelift/errors.js';
import { isBuildIdOrArn, isFleetIdOrArn, isScriptIdOrArn } from '../gamelift/fleetIds.js';
import { builder } from './builder.js';
import { FleetRef } from './refs.js';

function checked(value: string | null | undefined, argumentName: string, valid: (value: string) => boolean) {
  if (value == null) return undefined;
  if (!valid(value)) throw badUserInput(`Argument "${argumentName}" is not a valid id or ARN (got "${value.slice(0, 100)}").`, { argumentName });
  return value;
}

builder.queryType({
  description: 'Read access to GameLift fleets and their event logs.',
  fields: (t) => ({
    fleet: t.field({
      type: FleetRef,
      nullable: true,
      description: 'A fleet by id or ARN; null (without an error) when it does not exist.',
      args: { fleetId: t.arg.string({ required: true, description: 'Fleet id (fleet-…) or fleet ARN.' }) },
      resolve: (_root, { fleetId }, { gamelift }) => gamelift.fleet(checked(fleetId, 'fleetId', isFleetIdOrArn) ?? fleetId),
    }),
    fleets: t.connection(
      {
        type: FleetRef,
        description:
          "The account's fleets in the current region, as Relay connection pages over ListFleets, in GameLift's order. " +
          'Attributes of a page are fetched in one batched DescribeFleetAttributes call.',
        args: {
          buildId: t.arg.string({ description: 'Only fleets deploying this build (id or ARN).' }),
          scriptId: t.arg.string({ description: 'Only fleets deploying this Realtime script (id or ARN).' }),
        },
        resolve: async (_root, args, { gamelift, pagination }) => {
          const buildId = checked(args.buildId, 'buildId', isBuildIdOrArn);
          const scriptId = checked(args.scriptId, 'scriptId', isScriptIdOrArn);
          const scope = cursorScope('Fleet', { buildId: buildId ?? null, scriptId: scriptId ?? null });
          const page = await resolveConnection(gamelift.fleetIds({ buildId, scriptId }), args, scope, pagination);
          const fleets = await Promise.all(page.edges.map((edge) => gamelift.fleet(edge.node)));
          // A fleet deleted between the two calls has no attributes any more: leave it out.
          const edges = page.edges.flatMap((edge, i) => {
            const node = fleets[i];
            return node ? [{ cursor: edge.cursor, node }] : [];
          });
          return { ...page, edges };
        },
      },
      { name: 'FleetConnection', description: 'A page of fleets.' },
      { name: 'FleetEdge', description: 'A fleet and its cursor.' },
    ),
  }),
});
