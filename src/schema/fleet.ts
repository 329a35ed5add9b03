import { resolveConnection } from '../gamelift/connection.js';
import { cursorScope } from '../gamelift/cursor.js';
import { badUserInput } from '../gamelift/errors.js';
import { isFleetIdOrArn } from '../gamelift/fleetIds.js';
import { builder } from './builder.js';
import { ComputeType, FleetEventCode, FleetStatus, FleetType } from './enums.js';
import { FleetEventRef, FleetRef } from './refs.js';

builder.node(FleetRef, {
  description: 'A GameLift fleet: a set of compute resources that run game servers of one build or script.',
  id: {
    resolve: (fleet) => fleet.FleetId ?? '',
    parse: (id) => {
      if (!isFleetIdOrArn(id)) throw badUserInput('Not a valid Fleet id. Use the id of a Fleet returned by this API.');
      return id;
    },
  },
  loadMany: (fleetIds, { gamelift }) => Promise.all(fleetIds.map((fleetId) => gamelift.fleet(fleetId))),
  fields: (t) => ({
    fleetId: t.string({ description: 'GameLift fleet id, e.g. fleet-2222bbbb-3333-4444-5555-666677778888.', resolve: (f) => f.FleetId ?? '' }),
    fleetArn: t.exposeString('FleetArn', { nullable: true, description: 'The fleet ARN.' }),
    name: t.exposeString('Name', { nullable: true, description: 'Descriptive label of the fleet.' }),
    description: t.exposeString('Description', { nullable: true, description: 'Free-form description of the fleet.' }),
    status: t.field({
      type: FleetStatus.type,
      nullable: true,
      description: 'Lifecycle state; UNKNOWN for a state newer than this gateway (see `rawStatus`).',
      resolve: (fleet) => FleetStatus.fromAws(fleet.Status),
    }),
    rawStatus: t.exposeString('Status', { nullable: true, description: 'The status exactly as GameLift sent it.' }),
    fleetType: t.field({
      type: FleetType.type,
      nullable: true,
      description: 'On-Demand or Spot instances; UNKNOWN for a type newer than this gateway.',
      resolve: (fleet) => FleetType.fromAws(fleet.FleetType),
    }),
    computeType: t.field({
      type: ComputeType.type,
      nullable: true,
      description: 'EC2 or Anywhere compute; UNKNOWN for a type newer than this gateway.',
      resolve: (fleet) => ComputeType.fromAws(fleet.ComputeType),
    }),
    instanceType: t.exposeString('InstanceType', { nullable: true, description: 'EC2 instance type, e.g. c5.large.' }),
    operatingSystem: t.exposeString('OperatingSystem', { nullable: true, description: 'Operating system of the instances.' }),
    buildId: t.exposeString('BuildId', { nullable: true, description: 'Id of the game server build deployed, if any.' }),
    scriptId: t.exposeString('ScriptId', { nullable: true, description: 'Id of the Realtime script deployed, if any.' }),
    creationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the fleet was created.',
      resolve: (fleet) => fleet.CreationTime,
    }),
    terminationTime: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the fleet was terminated; null while it exists.',
      resolve: (fleet) => fleet.TerminationTime,
    }),
    events: t.connection(
      {
        type: FleetEventRef,
        description:
          "The fleet's event log, newest first, as Relay connection pages over DescribeFleetEvents. " +
          'Forward pages resume from a cursor in one or two upstream calls however deep it is; backward pages ' +
          '(`last`/`before`) read from the newest event, about one upstream call per 500 events before the cursor. ' +
          'Cursors are bound to this fleet and these filters.',
        args: {
          startTime: t.arg({ type: 'DateTime', description: 'Only events at or after this instant (inclusive).' }),
          endTime: t.arg({ type: 'DateTime', description: 'Only events at or before this instant (inclusive).' }),
          eventCodes: t.arg({
            type: [FleetEventCode.type],
            description:
              'Only events with one of these codes (UNKNOWN matches codes newer than this gateway). Filtered by the ' +
              'gateway, which scans further upstream pages to fill the page, up to a bound; when it stops at the ' +
              'bound, `hasNextPage` is true and `endCursor` resumes after what was scanned.',
          }),
        },
        resolve: (fleet, args, { gamelift, pagination }) => {
          const { startTime, endTime, eventCodes } = args;
          if (startTime && endTime && startTime > endTime) {
            throw badUserInput('"startTime" must not be after "endTime".', { argumentName: 'startTime' });
          }
          const codes = eventCodes ? new Set<string>(eventCodes) : null;
          const fleetId = fleet.FleetId ?? '';
          const scope = cursorScope('FleetEvent', {
            fleetId,
            startTime: startTime?.getTime() ?? null,
            endTime: endTime?.getTime() ?? null,
            eventCodes: codes ? [...codes].sort() : null,
          });
          const source = gamelift.fleetEvents(fleetId, {
            startTime: startTime ?? undefined,
            endTime: endTime ?? undefined,
            ...(codes ? { matches: (event) => codes.has(FleetEventCode.fromAws(event.EventCode) ?? '') } : {}),
          });
          return resolveConnection(source, args, scope, pagination);
        },
      },
      { name: 'FleetEventConnection', description: 'A page of fleet events.' },
      { name: 'FleetEventEdge', description: 'A fleet event and its cursor.' },
    ),
  }),
});

