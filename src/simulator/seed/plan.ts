import { DAY, SEED_NOW, MINUTE } from './aws-ids.js';
import type { LoggedEventCode } from './event-codes.js';
import type { GameProfile } from './games.js';
import type { SpecialLogKeys } from './types.js';

/** How a fleet in ERROR got there; each mode ends creation at a different phase. */
export type FailureMode =
  | 'INITIALIZATION'
  | 'BINARY_DOWNLOAD'
  | 'INSTALLER'
  | 'LAUNCH_PATH'
  | 'EXECUTABLE_RUNTIME'
  | 'VALIDATION_TIMEOUT'
  | 'ACTIVATION'
  | 'NO_INSTANCES';

export type FleetRuntime =
  | { readonly kind: 'build'; readonly buildId: string }
  | { readonly kind: 'script'; readonly scriptId: string }
  | { readonly kind: 'anywhere' };

export type SpecialLogKind = keyof SpecialLogKeys;

/** Everything the seed generator needs to know to write one fleet's attributes, history and logs. */
export interface FleetPlan {
  readonly id: string;
  readonly name: string;
  readonly environment: string;
  readonly description: string;
  readonly game: GameProfile;
  readonly runtime: FleetRuntime;
  /** Final status; creation events stop where this status says. */
  readonly status: string;
  readonly fleetType: 'ON_DEMAND' | 'SPOT';
  readonly instanceType?: string;
  readonly createdAt: number;
  /** Activity ends here; FLEET_DELETED and similar final events happen at this instant. */
  readonly endsAt: number;
  readonly failure?: FailureMode;
  /** Post-activation events, before exact counts are applied. */
  readonly activityEvents: number;
  /** Exact total number of events, for fleets that must sit on a page boundary. */
  readonly eventCount?: number;
  /** Share of activity events that reuse the previous event's exact millisecond. */
  readonly sameTimeShare: number;
  /** Append one event of every known code the history lacks (a catalogue, not a lifecycle). */
  readonly everyKnownCode: boolean;
  readonly emptyPagesOnTimeFilter: boolean;
  readonly specialLogs: Readonly<Partial<Record<LoggedEventCode, SpecialLogKind>>>;
}

type Defaulted =
  | 'description'
  | 'fleetType'
  | 'instanceType'
  | 'endsAt'
  | 'activityEvents'
  | 'sameTimeShare'
  | 'everyKnownCode'
  | 'emptyPagesOnTimeFilter'
  | 'specialLogs';

export type PlanSpec = Omit<FleetPlan, Defaulted> & Partial<Pick<FleetPlan, Defaulted>>;

export function definePlan(spec: PlanSpec): FleetPlan {
  return {
    description: `${spec.game.title} ${spec.environment} fleet`,
    fleetType: 'ON_DEMAND',
    instanceType: spec.runtime.kind === 'anywhere' ? undefined : spec.game.instanceTypes[0],
    endsAt: SEED_NOW - 7 * MINUTE,
    activityEvents: 0,
    sameTimeShare: 0,
    everyKnownCode: false,
    emptyPagesOnTimeFilter: false,
    specialLogs: {},
    ...spec,
  };
}

export const daysAgo = (days: number): number => SEED_NOW - days * DAY;

/** How messages and logs name what a fleet runs. */
export function describeUpload(runtime: FleetRuntime): string {
  if (runtime.kind === 'build') return `build ${runtime.buildId}`;
  if (runtime.kind === 'script') return `script ${runtime.scriptId}`;
  return 'no build (ANYWHERE compute registers its own server software)';
}
