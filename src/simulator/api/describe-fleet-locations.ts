import type { Operation, OperationContext } from './context.js';
import { ApiError, invalidRequest, notFound } from './errors.js';
import type { FleetView } from './fleet-directory.js';
import { FLEET_ID_OR_ARN, InputReader, NEXT_TOKEN, type StringRule } from './input.js';
import { pageOfList } from './list-page.js';

const LOCATION: StringRule = { pattern: /^[A-Za-z0-9-]+$/, min: 1, max: 64 };

/** Home Regions where GameLift offers no multi-location fleets: every location operation is refused there. */
export const SINGLE_LOCATION_REGIONS: ReadonlySet<string> = new Set(['cn-north-1', 'cn-northwest-1']);

type RemoteLocation = NonNullable<FleetView['locations']>[number];

/**
 * The fleet a location operation names and its remote locations; the errors GameLift answers
 * otherwise. The fleet is returned as found (a live fleet's fields are getters: never copied).
 */
function multiLocationFleet(reference: string, context: OperationContext): { fleet: FleetView; locations: readonly RemoteLocation[] } {
  if (SINGLE_LOCATION_REGIONS.has(context.region)) {
    throw new ApiError('UnsupportedRegionException', `Multi-location fleets are not supported in ${context.region}.`);
  }
  const fleet = context.directory.find(reference);
  if (!fleet) throw notFound(`Fleet ${reference} not found.`);
  const { locations } = fleet;
  if (!locations?.length) throw invalidRequest(`Fleet ${fleet.attributes.FleetId} has no remote locations.`);
  return { fleet, locations };
}

/** Every location of a multi-location fleet, the home Region first, paged by Limit and NextToken. */
export const describeFleetLocationAttributes: Operation = (input, context) => {
  const reader = new InputReader(input);
  const reference = reader.requiredString('FleetId', FLEET_ID_OR_ARN);
  const only = reader.stringList('Locations', 1, LOCATION);
  const limit = reader.integer('Limit', 1);
  const token = reader.string('NextToken', NEXT_TOKEN);
  reader.done();
  const { fleet, locations } = multiLocationFleet(reference, context);
  const { FleetId, FleetArn, Status, StoppedActions } = fleet.attributes;
  const all = [
    { LocationState: { Location: context.region, Status }, StoppedActions: [...(StoppedActions ?? [])] },
    ...locations.map((location) => ({
      LocationState: { Location: location.Location, Status: location.Status },
      StoppedActions: [...(location.StoppedActions ?? [])],
    })),
  ].filter((attributes) => only === undefined || only.includes(attributes.LocationState.Location));
  const page = pageOfList(all, ['DescribeFleetLocationAttributes', FleetId, ...(only ?? [])], limit, token, context.tokens);
  return { FleetId, FleetArn, LocationAttributes: page.items, ...page.nextToken };
};

/** One location's record: the home Region's is the fleet's own (as DescribeFleetCapacity/Utilization answer it). */
function locationRecord<R>(input: Readonly<Record<string, unknown>>, context: OperationContext, home: (fleet: FleetView) => R | undefined, remote: (location: RemoteLocation) => R): R {
  const reader = new InputReader(input);
  const reference = reader.requiredString('FleetId', FLEET_ID_OR_ARN);
  const location = reader.requiredString('Location', LOCATION);
  reader.done();
  const { fleet, locations } = multiLocationFleet(reference, context);
  if (location === context.region) {
    const record = home(fleet);
    if (record === undefined) throw invalidRequest(`Fleet ${fleet.attributes.FleetId} has no record in ${location}.`);
    return record;
  }
  const found = locations.find((candidate) => candidate.Location === location);
  if (!found) throw invalidRequest(`Fleet ${fleet.attributes.FleetId} has no location ${location}.`);
  return remote(found);
}

export const describeFleetLocationCapacity: Operation = (input, context) => ({
  FleetCapacity: locationRecord(input, context, (fleet) => fleet.capacity, (location) => location.capacity),
});

export const describeFleetLocationUtilization: Operation = (input, context) => ({
  FleetUtilization: locationRecord(input, context, (fleet) => fleet.utilization, (location) => location.utilization),
});
