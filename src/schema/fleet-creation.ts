import { failureAdvice } from '../gamelift/creation/failures.js';
import {
  creationDiagnosis,
  creationTimeline,
  CREATION_OUTCOMES,
  CREATION_STATES,
  type CreationDiagnosis,
  type CreationPhase,
  type CreationState,
  type CreationTimeline,
} from '../gamelift/creation/timeline.js';
import { badUserInput } from '../gamelift/errors.js';
import { fleetAttributes } from '../gamelift/fleets/records.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';
import { cost } from './cost.js';
import { readEventLog } from './fleet-event-log.js';
import { fleetNotFound } from './fleet.js';
import { FleetEventRef, FleetRef, type FleetKey } from './refs.js';

const MAX_TAIL_LINES = 1000;

const STATE_DESCRIPTIONS: Readonly<Record<CreationState, string>> = {
  NEW: 'Created (FLEET_CREATED): GameLift is setting up the fleet.',
  DOWNLOADING: 'Downloading the build to an instance and extracting it.',
  VALIDATING: 'Running the install script and checking the runtime configuration against the build.',
  BUILDING: 'Building the fleet: preparing the instance image.',
  ACTIVATING: 'Starting instances and their server processes, which must report ready.',
  ACTIVE: 'Ready to host game sessions: creation succeeded.',
  ERROR: 'Creation failed.',
};

const FleetCreationState = builder.enumType('FleetCreationState', {
  description: "A state of a fleet's creation, as its FLEET_CREATED and FLEET_STATE_* events name it.",
  values: Object.fromEntries(CREATION_STATES.map((state) => [state, { description: STATE_DESCRIPTIONS[state] }])) as Record<
    CreationState,
    { description: string }
  >,
});

const FleetCreationOutcome = builder.enumType('FleetCreationOutcome', {
  description: "How a fleet's latest creation ended, or that it has not yet.",
  values: {
    ACTIVE: { description: 'The fleet reached ACTIVE.' },
    ERROR: { description: 'The fleet reached ERROR: see `Fleet.diagnosis`.' },
    IN_PROGRESS: { description: 'Neither yet: the last phase is still current.' },
  } satisfies Record<(typeof CREATION_OUTCOMES)[number], { description: string }>,
});

const FleetCreationPhaseRef = builder.objectRef<CreationPhase>('FleetCreationPhase').implement({
  description: "One state a fleet's creation went through, from the event that entered it to the one that left it.",
  fields: (t) => ({
    state: t.field({ type: FleetCreationState, description: 'The state of this phase.', resolve: (phase) => phase.state }),
    startedAt: t.field({
      type: 'DateTime',
      description: 'When the phase began: the time of FLEET_CREATED (NEW) or of the FLEET_STATE_* event that entered it.',
      resolve: (phase) => phase.startedAt,
    }),
    endedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description:
        'When the next phase began; null while this phase is current. The terminal ACTIVE or ERROR phase ends as it ' +
        'begins (equal to `startedAt`, 0 seconds long): the creation is over.',
      resolve: (phase) => phase.endedAt,
    }),
    durationSeconds: t.float({
      nullable: true,
      description: 'Seconds from `startedAt` to `endedAt` (millisecond precision); null while the phase is current.',
      resolve: (phase) => phase.durationSeconds,
    }),
  }),
});

const FleetCreationTimelineRef = builder.objectRef<CreationTimeline>('FleetCreationTimeline').implement({
  description:
    "The phases of a fleet's latest creation, derived from its events alone: from the latest FLEET_CREATED through " +
    'the FLEET_STATE_* events to the first ACTIVE or ERROR.',
  fields: (t) => ({
    phases: t.field({
      type: [FleetCreationPhaseRef],
      description: 'The phases, oldest first; NEW starts at FLEET_CREATED. The last one is current while in progress.',
      resolve: (timeline) => timeline.phases,
    }),
    outcome: t.field({ type: FleetCreationOutcome, description: 'How the creation ended, or IN_PROGRESS.', resolve: (timeline) => timeline.outcome }),
    durationSeconds: t.float({
      nullable: true,
      description: 'Seconds from FLEET_CREATED to FLEET_STATE_ACTIVE or FLEET_STATE_ERROR; null while in progress.',
      resolve: (timeline) => timeline.durationSeconds,
    }),
  }),
});

const FleetCreationDiagnosisRef = builder.objectRef<CreationDiagnosis>('FleetCreationDiagnosis').implement({
  description: "Why a fleet's latest creation failed: the event that says so, what it means and what to check.",
  fields: (t) => ({
    failureEvent: t.field({
      type: FleetEventRef,
      description:
        'The first event after the latest FLEET_CREATED with a documented failure code (e.g. ' +
        'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND), or FLEET_STATE_ERROR when nothing more specific came before it.',
      resolve: (diagnosis) => diagnosis.failureEvent,
    }),
    phase: t.field({
      type: FleetCreationState,
      description:
        'The creation phase during which the failure event came; for a FLEET_STATE_ERROR failure event, the phase it ended.',
      resolve: (diagnosis) => diagnosis.phase,
    }),
    explanation: t.string({
      description: 'What the failure means, in plain language.',
      resolve: (diagnosis) => failureAdvice(diagnosis.code).explanation,
    }),
    hint: t.string({
      description: 'What to check to fix it, ending with the link to the AWS troubleshooting guide for fleet creation.',
      resolve: (diagnosis) => failureAdvice(diagnosis.code).hint,
    }),
    logTail: t.string({
      nullable: true,
      description:
        "The last lines of the failure event's log, byte for byte (line endings kept), read from its presigned URL only " +
        'when selected; null when the event has no log. At most LOG_MAX_BYTES, from a line start.',
      args: {
        lines: t.arg.int({ defaultValue: 50, description: `How many lines, from the end (1 to ${MAX_TAIL_LINES}).` }),
      },
      extensions: cost({ logs: 1 }),
      resolve: async (diagnosis, { lines }, context, info) => {
        if (typeof lines !== 'number' || lines < 1 || lines > MAX_TAIL_LINES) {
          throw badUserInput(`"lines" must be an integer from 1 to ${MAX_TAIL_LINES}, got ${lines}.`, { argumentName: 'lines' });
        }
        const log = await readEventLog(diagnosis.failureEvent, { tail: true, lines }, context, info);
        return log?.content ?? null;
      },
    }),
  }),
});

/** The fleet's latest creation; null without FLEET_CREATED. Read once per request for both fields. */
async function timelineOf(fleet: FleetKey, { gamelift }: GatewayContext): Promise<CreationTimeline | null> {
  const events = await gamelift.in(fleet.region).creation.read(fleet.ref);
  if (events === null) throw fleetNotFound(fleet.ref);
  return creationTimeline(events);
}

/** Both fields need the fleet's CreationTime (batched) and read its creation window (usually one call). */
const creationCost = cost({ batch: fleetAttributes.operation, calls: 1 });

builder.objectFields(FleetRef, (t) => ({
  creationTimeline: t.field({
    type: FleetCreationTimelineRef,
    nullable: true,
    description:
      "The phases of the fleet's latest creation, with how and when it ended; null when the fleet has no FLEET_CREATED " +
      'event. Only the creation period is read: its CreationTime (batched like the attributes), then DescribeFleetEvents ' +
      'over CreationTime − 5 min to + 2 h, widened (2 h more, 4 h more, …) only while the creation has not ended in it.',
    extensions: creationCost,
    resolve: (fleet, _args, context) => timelineOf(fleet, context),
  }),
  diagnosis: t.field({
    type: FleetCreationDiagnosisRef,
    nullable: true,
    description:
      "Why the fleet's latest creation failed; null unless `creationTimeline.outcome` is ERROR. Shares its upstream " +
      'reads with `creationTimeline`.',
    extensions: creationCost,
    resolve: async (fleet, _args, context) => creationDiagnosis(await timelineOf(fleet, context)),
  }),
}));
