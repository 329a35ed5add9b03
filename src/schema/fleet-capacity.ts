import type { FleetCapacity } from '@aws-sdk/client-gamelift';
import { fleetCapacity } from '../gamelift/fleets/records.js';
import { builder } from './builder.js';
import { batched } from './cost.js';
import { FleetRef } from './refs.js';

export const FleetCapacityRef = builder.objectRef<FleetCapacity>('FleetCapacity').implement({
  description: "A fleet's instance counts in one location: its home Region (DescribeFleetCapacity) or a remote location (DescribeFleetLocationCapacity).",
  fields: (t) => {
    const count = (key: keyof NonNullable<FleetCapacity['InstanceCounts']>, description: string) =>
      t.int({ nullable: true, description, resolve: (capacity) => capacity.InstanceCounts?.[key] });
    return {
      location: t.exposeString('Location', { nullable: true, description: 'The location these counts are of, e.g. us-west-2.' }),
      instanceType: t.exposeString('InstanceType', { nullable: true, description: 'EC2 instance type of the fleet.' }),
      desired: count('DESIRED', 'Instances the fleet should have, as scaling set it.'),
      minimum: count('MINIMUM', 'Lowest number of instances scaling may go down to.'),
      maximum: count('MAXIMUM', 'Highest number of instances scaling may go up to.'),
      pending: count('PENDING', 'Instances starting up.'),
      active: count('ACTIVE', 'Instances running game servers.'),
      idle: count('IDLE', 'Active instances hosting no game session.'),
      terminating: count('TERMINATING', 'Instances shutting down.'),
    };
  },
});

builder.objectField(FleetRef, 'capacity', (t) =>
  t.field({
    type: FleetCapacityRef,
    nullable: true,
    description:
      "The fleet's instance counts in its home Region; null when GameLift has no capacity record for it " +
      '(e.g. Anywhere or terminated fleets). Batched across fleets like the attributes.',
    extensions: batched(fleetCapacity),
    resolve: (fleet, _args, { gamelift }) => gamelift.in(fleet.region).fleets.load(fleetCapacity, fleet.ref),
  }),
);
