import type { FleetAttributes } from '@aws-sdk/client-gamelift';
import type { GraphQLResolveInfo } from 'graphql';
import { connectionScope, resolveConnection } from '../gamelift/paging/connection.js';
import { resolveRegionalConnection } from '../gamelift/paging/regional-connection.js';
import { isRegionName, regionOfArn, type RegionSet } from '../gamelift/regions.js';
import { badUserInput, GatewayError } from '../gamelift/errors.js';
import { fleetAttributes } from '../gamelift/fleets/records.js';
import { isBuildIdOrArn, isFleetIdOrArn, isScriptIdOrArn } from '../gamelift/fleets/ids.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { batched, cost, regionLookup } from './cost.js';
import { ComputeType, FleetStatus, FleetType } from './enums.js';
import { eventFilterArgs, eventFilters, FleetEventConnection } from './fleet-event-connection.js';
import { FleetEventRef, fleetKey, FleetRef, type FleetKey } from './refs.js';
import { selectsBatch } from './selection.js';

/** The fleet's attributes, loaded in a batch with every other fleet's of this request. */
const attributesOf = (fleet: FleetKey, { gamelift }: GatewayContext) => gamelift.in(fleet.region).fleets.load(fleetAttributes, fleet.ref);

/** Resolves a field from the fleet's attributes; declares their batched cost. */
function fromAttributes<T>(read: (attributes: FleetAttributes) => T | undefined) {
  return {
    extensions: batched(fleetAttributes),
    resolve: async (fleet: FleetKey, _args: object, context: GatewayContext) => {
      const attributes = await attributesOf(fleet, context);
      return attributes ? (read(attributes) ?? null) : null;
    },
  };
}

/**
 * The fleet for a field that may need its attributes: when the selection (at `path` below the
 * field) reads any of them, they are loaded now, and a fleet GameLift does not know is null;
 * otherwise no call is made here at all.
 */
export async function fleetIfExists(
  fleet: FleetKey,
  context: GatewayContext,
  info: GraphQLResolveInfo,
  path: readonly string[] = [],
): Promise<FleetKey | null> {
  if (!selectsBatch(info, fleetAttributes.operation, path)) return fleet;
  return (await attributesOf(fleet, context)) ? fleet : null;
}

/**
 * A fleet named by id or ARN, in its home Region: an ARN's Region, or for a bare id the Region
 * that knows it (with one Region served, that one, at no call). Null when no Region served has it.
 */
export async function locatedFleet(idOrArn: string, context: GatewayContext, info: GraphQLResolveInfo, path: readonly string[] = []): Promise<FleetKey | null> {
  const region = await context.gamelift.locate(idOrArn);
  return region === undefined ? null : fleetIfExists(fleetKey(idOrArn, region), context, info, path);
}

/**
 * Fleet global ids: `<region>/<fleet id>`. Ids minted before the gateway served several Regions
 * (a bare id or an ARN) keep working: an ARN names its Region, a bare id the default Region.
 */
function parseFleetId(id: string, { gamelift }: GatewayContext): FleetKey {
  const regional = id.startsWith('arn:') ? null : /^([^/]+)\/(.+)$/.exec(id);
  const [region, ref] = regional ? [regional[1] as string, regional[2] as string] : [regionOfArn(id) ?? gamelift.regions.default, id];
  if (!isFleetIdOrArn(ref) || !isRegionName(region)) throw badUserInput('Not a valid Fleet id. Use the id of a Fleet returned by this API.');
  return fleetKey(ref, region);
}

/** An id argument checked here, not only upstream (one malformed id would fail a whole batched call). */
export function checkedId(value: string | null | undefined, argumentName: string, valid: (value: string) => boolean) {
  if (value == null) return undefined;
  if (!valid(value)) throw badUserInput(`Argument "${argumentName}" is not a valid id or ARN (got "${value.slice(0, 100)}").`, { argumentName });
  return value;
}

builder.node(FleetRef, {
  description: 'A GameLift fleet: a set of compute resources that run game servers of one build or script.',
  id: {
    resolve: (fleet) => `${fleet.region}/${fleet.fleetId}`,
    parse: parseFleetId,
  },
  // Refetching by global id answers null for a fleet that no longer exists, or of a Region not served (Relay's convention).
  loadMany: (fleets, context) =>
    Promise.all(fleets.map(async (fleet) => (context.gamelift.regions.all.includes(fleet.region) && (await attributesOf(fleet, context)) ? fleet : null))),
  fields: (t) => ({
    fleetId: t.string({
      description: 'GameLift fleet id, e.g. fleet-2222bbbb-3333-4444-5555-666677778888.',
      resolve: (fleet) => fleet.fleetId,
    }),
    region: t.string({
      description: "The fleet's home Region (one of GAMELIFT_REGIONS), e.g. us-west-2: where it was created and is managed.",
      resolve: (fleet) => fleet.region,
    }),
    fleetArn: t.string({ nullable: true, description: 'The fleet ARN.', ...fromAttributes((a) => a.FleetArn) }),
    name: t.string({ nullable: true, description: 'Descriptive label of the fleet.', ...fromAttributes((a) => a.Name) }),
    description: t.string({
      nullable: true,
      description: 'Free-form description of the fleet.',
      ...fromAttributes((a) => a.Description),
    }),
    status: t.field({
      type: FleetStatus.type,
      nullable: true,
      description: 'Lifecycle state; UNKNOWN for a state newer than this gateway (see `rawStatus`).',
      ...fromAttributes((a) => FleetStatus.fromAws(a.Status)),
    }),
    rawStatus: t.string({ nullable: true, description: 'The status exactly as GameLift sent it.', ...fromAttributes((a) => a.Status) }),
    fleetType: t.field({
      type: FleetType.type,
      nullable: true,
      description: 'On-Demand or Spot instances; UNKNOWN for a type newer than this gateway.',
      ...fromAttributes((a) => FleetType.fromAws(a.FleetType)),
    }),
    computeType: t.field({
      type: ComputeType.type,
      nullable: true,
      description: 'EC2 or Anywhere compute; UNKNOWN for a type newer than this gateway.',
      ...fromAttributes((a) => ComputeType.fromAws(a.ComputeType)),
    }),
    instanceType: t.string({
      nullable: true,
      description: 'EC2 instance type, e.g. c5.large.',
      ...fromAttributes((a) => a.InstanceType),
    }),
    operatingSystem: t.string({
      nullable: true,
      description: 'Operating system of the instances.',
      ...fromAttributes((a) => a.OperatingSystem),
    }),
    buildId: t.string({ nullable: true, description: 'Id of the game server build deployed, if any.', ...fromAttributes((a) => a.BuildId) }),
    scriptId: t.string({
      nullable: true,
      description: 'Id of the Realtime script deployed, if any.',
      ...fromAttributes((a) => a.ScriptId),
    }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the fleet was created.',
      ...fromAttributes((a) => a.CreationTime),
    }),
    terminationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the fleet was terminated; null while it exists.',
      ...fromAttributes((a) => a.TerminationTime),
    }),
    events: t.connection(
      {
        type: FleetEventRef,
        description:
          "The fleet's event log, newest first, as Relay connection pages over DescribeFleetEvents. " +
          'Forward pages resume from a cursor in one or two upstream calls however deep it is; backward pages ' +
          '(`last`/`before`) read from the newest event, about one upstream call per 500 events before the cursor. ' +
          'Cursors are bound to this fleet and these filters.',
        extensions: cost({ calls: 1 }),
        args: eventFilterArgs,
        resolve: async (fleet, args, { gamelift, pagination }) => {
          const source = gamelift.in(fleet.region).events.source(fleet.ref, eventFilters(args));
          try {
            return await resolveConnection(source, args, connectionScope('FleetEvent', regionalParent(fleet, gamelift.regions), args), pagination);
          } catch (error) {
            throw error instanceof GatewayError && error.code === 'NOT_FOUND' ? fleetNotFound(fleet.ref) : error;
          }
        },
      },
      FleetEventConnection,
    ),
  }),
});

/**
 * What binds a fleet's cursors to it: its id and Region. The default Region's is the id alone, as
 * before the gateway served several, so that cursors issued then still resume.
 */
function regionalParent(fleet: FleetKey, regions: RegionSet): string {
  return fleet.region === regions.default ? fleet.fleetId : `${fleet.region}/${fleet.fleetId}`;
}

/** The Regions a `regions` argument names, in the configured order; every Region served without one. */
function servedRegions(asked: readonly string[] | null | undefined, regions: RegionSet): readonly string[] {
  if (asked == null) return regions.all;
  const unknown = asked.find((region) => !regions.all.includes(region));
  if (unknown !== undefined) {
    throw badUserInput(`Argument "regions": ${unknown.slice(0, 40)} is not a Region this gateway serves; it serves ${regions.all.join(', ')} (GAMELIFT_REGIONS).`, {
      argumentName: 'regions',
      served: regions.all.join(','),
    });
  }
  return regions.all.filter((region) => asked.includes(region));
}

export function fleetNotFound(ref: string): GatewayError {
  return new GatewayError('NOT_FOUND', `GameLift does not know the fleet ${ref.slice(0, 200)}.`, { fleetId: ref.slice(0, 200) });
}

builder.queryFields((t) => ({
  fleet: t.field({
    type: FleetRef,
    nullable: true,
    description:
      'A fleet by id or ARN. For a fleet GameLift does not know, null with a NOT_FOUND error, as soon as a ' +
      'selected field asks GameLift about it (with one Region served, selecting only `fleetId` or `id` asks nothing; ' +
      'with several, a bare id is looked for in each Region once, an ARN goes to its own).',
    args: { fleetId: t.arg.string({ required: true, description: 'Fleet id (fleet-…) or fleet ARN, of any Region served.' }) },
    extensions: cost({ calls: regionLookup }),
    resolve: async (_root, args, context, info) => {
      const idOrArn = checkedId(args.fleetId, 'fleetId', isFleetIdOrArn) ?? args.fleetId;
      const fleet = await locatedFleet(idOrArn, context, info);
      if (!fleet) throw fleetNotFound(idOrArn);
      return fleet;
    },
  }),
  fleets: t.connection(
    {
      type: FleetRef,
      description:
        "The account's fleets in every Region served (GAMELIFT_REGIONS), or in those of `regions`, as Relay connection " +
        "pages over ListFleets: Regions in the configured order, each in GameLift's order. A cursor holds its Region and " +
        'the position in it, and a page reads only the Regions it needs. Attributes of a page, when selected, are ' +
        'fetched in one batched DescribeFleetAttributes call per Region on the page.',
      extensions: cost({ calls: (args, settings) => (Array.isArray(args.regions) ? args.regions.length : settings.regions) }),
      args: {
        buildId: t.arg.string({ description: 'Only fleets deploying this build (id or ARN).' }),
        scriptId: t.arg.string({ description: 'Only fleets deploying this Realtime script (id or ARN).' }),
        regions: t.arg.stringList({ description: 'Only fleets homed in these Regions (each one of GAMELIFT_REGIONS); listed in the configured order.' }),
      },
      resolve: async (_root, args, context, info) => {
        const buildId = checkedId(args.buildId, 'buildId', isBuildIdOrArn);
        const scriptId = checkedId(args.scriptId, 'scriptId', isScriptIdOrArn);
        const { gamelift } = context;
        const regions = servedRegions(args.regions, gamelift.regions);
        const page = await resolveRegionalConnection(
          {
            regions,
            defaultRegion: gamelift.regions.default,
            sourceOf: (region) => gamelift.in(region).fleetIds({ buildId, scriptId }),
            // The default Region's positions are scoped as before Regions, so that cursors issued then still resume.
            scopeOf: (region) => connectionScope('Fleet', region === gamelift.regions.default ? null : region, args),
          },
          args,
          context.pagination,
        );
        const fleets = await Promise.all(page.edges.map(({ node }) => fleetIfExists(fleetKey(node.item, node.region), context, info, ['edges', 'node'])));
        // A fleet deleted between the two calls has no attributes any more: leave it out.
        const edges = page.edges.flatMap((edge, i) => {
          const node = fleets[i];
          return node
            ? [
                {
                  get cursor() {
                    return edge.cursor;
                  },
                  node,
                },
              ]
            : [];
        });
        return { ...page, edges };
      },
    },
    { name: 'FleetConnection', description: 'A page of fleets.' },
    { name: 'FleetEdge', description: 'A fleet and its cursor.' },
  ),
}));
