import type { FleetLocationRecord } from '../gamelift/fleets/locations.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { cost } from './cost.js';
import { FleetStatus } from './enums.js';
import { FleetCapacityRef } from './fleet-capacity.js';
import { FleetUtilizationRef } from './fleet-utilization.js';
import { fleetNotFound } from './fleet.js';
import { FleetRef, type FleetKey } from './refs.js';

/** A location with the fleet it belongs to: whose Region's GameLift is asked about it. */
interface FleetLocationKey {
  readonly fleet: FleetKey;
  readonly record: FleetLocationRecord;
}

const locationsOf = (fleet: FleetKey, { gamelift }: GatewayContext) => gamelift.in(fleet.region).locations;

const FleetLocationRef = builder.objectRef<FleetLocationKey>('FleetLocation').implement({
  description:
    'A place a fleet runs: its home Region or one of its remote locations (DescribeFleetLocationAttributes). ' +
    'A remote location stuck in ERROR or without instances shows here, not in the fleet\'s own status.',
  fields: (t) => ({
    location: t.string({ description: 'The location, e.g. us-east-1.', resolve: ({ record }) => record.location }),
    home: t.boolean({ description: "True for the fleet's home Region, where it was created (always the first location).", resolve: ({ record }) => record.home }),
    status: t.field({
      type: FleetStatus.type,
      nullable: true,
      description: "The location's lifecycle state; UNKNOWN for a state newer than this gateway (see `rawStatus`).",
      resolve: ({ record }) => FleetStatus.fromAws(record.status),
    }),
    rawStatus: t.string({ nullable: true, description: 'The status exactly as GameLift sent it.', resolve: ({ record }) => record.status }),
    stoppedActions: t.stringList({ description: 'Fleet actions suspended in this location, e.g. AUTO_SCALING.', resolve: ({ record }) => [...record.stoppedActions] }),
    updateStatus: t.string({
      nullable: true,
      description: 'PENDING_UPDATE while the location is being updated; null otherwise.',
      resolve: ({ record }) => record.updateStatus,
    }),
    capacity: t.field({
      type: FleetCapacityRef,
      nullable: true,
      description:
        "Instance counts in this location: the home Region's from the batched DescribeFleetCapacity, a remote location's " +
        'from DescribeFleetLocationCapacity; fetched only when selected.',
      extensions: cost({ calls: 1 }),
      resolve: ({ fleet, record }, _args, context) => locationsOf(fleet, context).capacity(record),
    }),
    utilization: t.field({
      type: FleetUtilizationRef,
      nullable: true,
      description:
        "Use of the hosting capacity in this location: the home Region's from the batched DescribeFleetUtilization, a " +
        "remote location's from DescribeFleetLocationUtilization; fetched only when selected.",
      extensions: cost({ calls: 1 }),
      resolve: ({ fleet, record }, _args, context) => locationsOf(fleet, context).utilization(record),
    }),
  }),
});

builder.objectField(FleetRef, 'locations', (t) =>
  t.field({
    type: [FleetLocationRef],
    description:
      'Every location of the fleet, the home Region first, then the remote ones in GameLift\'s order ' +
      '(DescribeFleetLocationAttributes, one call per fleet, batched attributes for the home Region). A fleet ' +
      'without remote locations, or homed in a Region without multi-location fleets, has its home location alone.',
    extensions: cost({ calls: 1, batch: 'DescribeFleetAttributes' }),
    args: {
      statuses: t.arg({ type: [FleetStatus.type], description: 'Only locations in one of these states.' }),
    },
    resolve: async (fleet, { statuses }, context) => {
      const records = await locationsOf(fleet, context).of(fleet.ref);
      if (records === null) throw fleetNotFound(fleet.ref);
      const wanted = statuses ? new Set<string>(statuses) : null;
      return records
        .filter((record) => wanted === null || wanted.has(FleetStatus.fromAws(record.status) ?? 'UNKNOWN'))
        .map((record) => ({ fleet, record }));
    },
  }),
);
