import { DAY, MINUTE, SEED_NOW } from './aws-ids.js';
import { BUILD_GAMES, GAMES, SCRIPT_GAMES, type GameProfile } from './games.js';
import { definePlan, type FailureMode, type FleetPlan } from './plan.js';
import { buildId, scriptId, type ReleaseTrain } from './releases.js';
import { Rng } from './rng.js';
import { wellKnownPlans } from './well-known.js';

interface Deployment {
  readonly environment: 'production' | 'staging' | 'qa' | 'development' | 'loadtest';
  readonly short: string;
  readonly region: string;
  readonly slot: string;
  readonly train: ReleaseTrain;
  readonly fleetType: 'ON_DEMAND' | 'SPOT';
}

const REGIONS: Record<string, string> = { usw2: 'us-west-2', use1: 'us-east-1', euw1: 'eu-west-1', apne1: 'ap-northeast-1' };

const prod = (region: string, slot: 'blue' | 'green'): Deployment => ({
  environment: 'production',
  short: 'prod',
  region,
  slot,
  // Blue/green: green slots run the release candidate until it is promoted.
  train: slot === 'blue' ? 'live' : 'candidate',
  fleetType: 'ON_DEMAND',
});

/** Every build game is deployed to each of these (7 games x 17 = 119 fleets). */
const DEPLOYMENTS: readonly Deployment[] = [
  ...['usw2', 'use1', 'euw1', 'apne1'].flatMap((region) => [prod(region, 'blue'), prod(region, 'green')]),
  { environment: 'staging', short: 'staging', region: 'usw2', slot: 'a', train: 'candidate', fleetType: 'ON_DEMAND' },
  { environment: 'staging', short: 'staging', region: 'use1', slot: 'a', train: 'candidate', fleetType: 'ON_DEMAND' },
  { environment: 'qa', short: 'qa', region: 'usw2', slot: '1', train: 'candidate', fleetType: 'ON_DEMAND' },
  { environment: 'qa', short: 'qa', region: 'usw2', slot: '2', train: 'candidate', fleetType: 'ON_DEMAND' },
  { environment: 'development', short: 'dev', region: 'usw2', slot: 'alice', train: 'nightly', fleetType: 'ON_DEMAND' },
  { environment: 'development', short: 'dev', region: 'usw2', slot: 'bob', train: 'nightly', fleetType: 'ON_DEMAND' },
  { environment: 'development', short: 'dev', region: 'usw2', slot: 'ci', train: 'nightly', fleetType: 'SPOT' },
  { environment: 'loadtest', short: 'loadtest', region: 'usw2', slot: '1', train: 'live', fleetType: 'SPOT' },
  { environment: 'loadtest', short: 'loadtest', region: 'use1', slot: '1', train: 'live', fleetType: 'SPOT' },
];

interface Outcome {
  readonly status: string;
  readonly failure?: FailureMode;
}

const FAILURES: readonly FailureMode[] = [
  'INITIALIZATION',
  'BINARY_DOWNLOAD',
  'INSTALLER',
  'LAUNCH_PATH',
  'EXECUTABLE_RUNTIME',
  'VALIDATION_TIMEOUT',
  'ACTIVATION',
  'NO_INSTANCES',
];

const repeat = (status: string, times: number): Outcome[] => Array.from({ length: times }, () => ({ status }));

/** Non-ACTIVE outcomes handed out to generated fleets outside the live production slots. */
const OUTCOMES: readonly Outcome[] = [
  ...FAILURES.map((failure) => ({ status: 'ERROR', failure })),
  ...repeat('TERMINATED', 8),
  ...repeat('DELETING', 3),
  ...repeat('ACTIVATING', 3),
  ...repeat('EXPIRED', 2),
  ...['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING'].flatMap((status) => repeat(status, 2)),
];

const IN_PROGRESS = new Set(['NEW', 'DOWNLOADING', 'VALIDATING', 'BUILDING', 'ACTIVATING']);

type Timeline = Pick<FleetPlan, 'createdAt' | 'endsAt' | 'activityEvents'>;

/** Creation time, end of activity and activity volume that make sense for a fleet's outcome. */
function timelineFor(outcome: Outcome, busy: boolean, rng: Rng): Timeline {
  const daysBack = (min: number, max: number): number => SEED_NOW - rng.int(min, max) * DAY - rng.int(0, DAY - 1);
  const recently = (): number => SEED_NOW - rng.int(1, 600) * MINUTE;
  switch (outcome.status) {
    case 'ACTIVE':
      return busy
        ? { createdAt: daysBack(45, 180), endsAt: recently(), activityEvents: rng.int(60, 160) }
        : { createdAt: daysBack(2, 60), endsAt: recently(), activityEvents: rng.int(5, 60) };
    case 'TERMINATED': {
      const createdAt = daysBack(60, 200);
      return { createdAt, endsAt: createdAt + rng.int(10, 50) * DAY, activityEvents: rng.int(10, 60) };
    }
    case 'DELETING':
      return { createdAt: daysBack(10, 60), endsAt: SEED_NOW - rng.int(1, 10) * MINUTE, activityEvents: rng.int(10, 40) };
    case 'EXPIRED': {
      const createdAt = daysBack(31, 45);
      return { createdAt, endsAt: createdAt + 30 * DAY, activityEvents: rng.int(5, 30) };
    }
    case 'ERROR':
      return { createdAt: daysBack(1, 20), endsAt: SEED_NOW, activityEvents: 0 };
    default:
      if (!IN_PROGRESS.has(outcome.status)) throw new RangeError(`No timeline for status ${outcome.status}`);
      return { createdAt: SEED_NOW - rng.int(40, 120) * MINUTE, endsAt: SEED_NOW, activityEvents: 0 };
  }
}

const fleetIdFor = (name: string): string => `fleet-${Rng.forKey(`fleet:${name}`).uuid()}`;

function buildFleetPlans(): FleetPlan[] {
  const slots = BUILD_GAMES.flatMap((game) => DEPLOYMENTS.map((deployment) => ({ game, deployment })));
  const live = (slot: (typeof slots)[number]): boolean =>
    slot.deployment.environment === 'production' && slot.deployment.slot === 'blue';
  const outcomes = new Map<(typeof slots)[number], Outcome>();
  Rng.forKey('catalog:outcomes')
    .shuffle(slots.filter((slot) => !live(slot)))
    .forEach((slot, i) => {
      const outcome = OUTCOMES[i];
      if (outcome) outcomes.set(slot, outcome);
    });

  return slots.map((slot) => {
    const { game, deployment } = slot;
    const name = `${game.slug}-${deployment.short}-${deployment.region}-${deployment.slot}`;
    const rng = Rng.forKey(`plan:${name}`);
    const outcome = outcomes.get(slot) ?? { status: 'ACTIVE' };
    return definePlan({
      id: fleetIdFor(name),
      name,
      environment: deployment.environment,
      description: `${game.title} ${deployment.environment} (${deployment.slot}), serving ${REGIONS[deployment.region]}`,
      game,
      runtime: { kind: 'build', buildId: buildId(game, deployment.train) },
      fleetType: deployment.fleetType,
      instanceType: rng.pick(game.instanceTypes),
      ...outcome,
      ...timelineFor(outcome, deployment.environment === 'production', rng),
      sameTimeShare: deployment.fleetType === 'SPOT' ? 0.1 : 0.01,
    });
  });
}

function scriptFleetPlans(): FleetPlan[] {
  const deployments = [
    { short: 'prod', environment: 'production', region: 'usw2', train: 'live' },
    { short: 'prod', environment: 'production', region: 'euw1', train: 'live' },
    { short: 'staging', environment: 'staging', region: 'usw2', train: 'candidate' },
  ] as const;
  return SCRIPT_GAMES.flatMap((game) =>
    deployments.map((deployment) => {
      const name = `${game.slug}-${deployment.short}-${deployment.region}-rt`;
      return definePlan({
        id: fleetIdFor(name),
        name,
        environment: deployment.environment,
        description: `${game.title} Realtime ${deployment.environment}, serving ${REGIONS[deployment.region]}`,
        game,
        runtime: { kind: 'script', scriptId: scriptId(game, deployment.train) },
        status: 'ACTIVE',
        ...timelineFor({ status: 'ACTIVE' }, deployment.environment === 'production', Rng.forKey(`plan:${name}`)),
      });
    }),
  );
}

function anywhereFleetPlans(): FleetPlan[] {
  const sites: readonly (readonly [GameProfile, string])[] = [
    [GAMES.battleRoyale, 'lab-sea'],
    [GAMES.kartRacer, 'devkit-sfo'],
    [GAMES.arenaShooter, 'colo-fra'],
  ];
  return sites.map(([game, site]) => {
    const name = `${game.slug}-anywhere-${site}`;
    return definePlan({
      id: fleetIdFor(name),
      name,
      environment: 'lab',
      description: `${game.title} on studio hardware (${site})`,
      game,
      runtime: { kind: 'anywhere' },
      status: 'ACTIVE',
      ...timelineFor({ status: 'ACTIVE' }, false, Rng.forKey(`plan:${name}`)),
    });
  });
}

/** Every seeded fleet, in store order (the order ListFleets and DescribeFleetAttributes use). */
export function catalog(): FleetPlan[] {
  return [...wellKnownPlans(), ...buildFleetPlans(), ...scriptFleetPlans(), ...anywhereFleetPlans()];
}
