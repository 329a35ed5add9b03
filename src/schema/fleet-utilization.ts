import type { FleetUtilization } from '@aws-sdk/client-gamelift';
import { fleetUtilization } from '../gamelift/fleets/records.js';
import { builder } from './builder.js';
import { batched } from './cost.js';
import { FleetRef } from './refs.js';

export const FleetUtilizationRef = builder.objectRef<FleetUtilization>('FleetUtilization').implement({
  description:
    "How much of a fleet's hosting capacity is in use in one location: its home Region (DescribeFleetUtilization) or a remote location (DescribeFleetLocationUtilization).",
  fields: (t) => {
    const count = (field: keyof FleetUtilization & `${string}Count`, description: string) =>
      t.exposeInt(field, { nullable: true, description });
    return {
      location: t.exposeString('Location', { nullable: true, description: 'The location these figures are of, e.g. us-west-2.' }),
      activeServerProcesses: count('ActiveServerProcessCount', 'Server processes that are running and able to host game sessions.'),
      activeGameSessions: count('ActiveGameSessionCount', 'Game sessions being hosted.'),
      currentPlayerSessions: count('CurrentPlayerSessionCount', 'Players connected to game sessions.'),
      maximumPlayerSessions: count('MaximumPlayerSessionCount', 'Players the active game sessions can hold at most.'),
    };
  },
});

builder.objectField(FleetRef, 'utilization', (t) =>
  t.field({
    type: FleetUtilizationRef,
    nullable: true,
    description:
      "The fleet's current use in its home Region; null when GameLift has no utilization record for it. " +
      'Batched across fleets like the attributes.',
    extensions: batched(fleetUtilization),
    resolve: (fleet, _args, { gamelift }) => gamelift.in(fleet.region).fleets.load(fleetUtilization, fleet.ref),
  }),
);
