import { HOUR, MINUTE, SEED_NOW } from './aws-ids.js';
import { GAMES } from './games.js';
import { daysAgo, definePlan, type FleetPlan } from './plan.js';
import { buildId, scriptId } from './releases.js';

/**
 * Fleets with a known shape, for tests and docs. Their ids are hand-written (still valid GameLift
 * ids) so they are recognisable in logs; the rest of the catalogue is generated.
 */
export const FLEETS = {
  /** ACTIVE, exactly 5,000 events over 30 days, many sharing a millisecond; runs BUILDS.shared. Its installer log is the large one. */
  bigActive: 'fleet-b16ac71e-5000-4000-8000-000000000001',
  /** ERROR after creation failed on a launch path the build does not contain; all four creation-phase events carry logs. */
  failedCreation: 'fleet-fa11ed00-c0de-4000-8000-000000000002',
  /** NEW, with zero events: GameLift has not written FLEET_CREATED yet (seen for a few seconds after CreateFleet). */
  empty: 'fleet-e3e3e3e3-0000-4000-8000-000000000003',
  /** NEW, with just FLEET_CREATED. */
  justCreated: 'fleet-0e400000-0001-4000-8000-000000000004',
  /** ACTIVE, 400 events over 20 days, flagged emptyPagesOnTimeFilter: time-filtered pages may be empty. */
  sparse: 'fleet-5ba25e00-0400-4000-8000-000000000005',
  /** Exactly 100 events. */
  pageBoundary: 'fleet-b0bd0100-0100-4000-8000-000000000006',
  /** Exactly 50 events (the default page size). */
  pageBoundary50: 'fleet-b0bd0050-0050-4000-8000-000000000007',
  /** Exactly 20 events. */
  pageBoundary20: 'fleet-b0bd0020-0020-4000-8000-000000000008',
  /**
   * Forward compatibility: Status HIBERNATING (not in today's FleetStatus enum) and a newest event
   * FLEET_HIBERNATION_STARTED (not among the 57 codes). AWS adds both kinds of values over time;
   * clients must pass them through instead of failing.
   */
  futureCodes: 'fleet-f07e0000-c0de-4000-8000-000000000009',
  /** SPOT, ACTIVE, 300 events with INSTANCE_INTERRUPTED bursts sharing one millisecond. */
  spot: 'fleet-5b070000-0000-4000-8000-00000000000a',
  /** Realtime script fleet (ScriptId, no BuildId) running SCRIPTS.realtime; its extraction log is the gzip one. */
  realtime: 'fleet-5c21970e-0000-4000-8000-00000000000b',
  /** ComputeType ANYWHERE: no InstanceType, no OperatingSystem. */
  anywhere: 'fleet-a1111e2e-0000-4000-8000-00000000000c',
  /** TERMINATED, with TerminationTime. */
  terminated: 'fleet-7e2a1a7e-0000-4000-8000-00000000000d',
  /** Japanese game: its extraction log is the multibyte one, its runtime-config log is the empty one. */
  localized: 'fleet-1a9a9e5e-0000-4000-8000-00000000000e',
  /** ACTIVE; its history also holds one event of each of the 57 known codes (a catalogue, not a real lifecycle). */
  everyCode: 'fleet-e7e2c0de-0057-4000-8000-00000000000f',
} as const;

/** Builds and scripts used by several fleets, for BuildId/ScriptId filters. */
export const BUILDS = {
  /** Live Battle Royale build: FLEETS.bigActive, FLEETS.futureCodes, the blue production and the load-test Battle Royale fleets. */
  shared: buildId(GAMES.battleRoyale, 'live'),
} as const;

export const SCRIPTS = {
  /** Live Card Duel Realtime script: FLEETS.realtime and the two generated production Card Duel fleets. */
  realtime: scriptId(GAMES.cardDuel, 'live'),
} as const;

export function wellKnownPlans(): FleetPlan[] {
  return [
    definePlan({
      id: FLEETS.bigActive,
      name: 'battle-royale-prod-usw2',
      environment: 'production',
      description: 'Battle Royale production, main us-west-2 fleet',
      game: GAMES.battleRoyale,
      runtime: { kind: 'build', buildId: BUILDS.shared },
      status: 'ACTIVE',
      createdAt: daysAgo(30),
      eventCount: 5_000,
      sameTimeShare: 0.03,
      specialLogs: { FLEET_CREATION_RUNNING_INSTALLER: 'large' },
    }),
    definePlan({
      id: FLEETS.failedCreation,
      name: 'kart-racer-staging-usw2-rc2',
      environment: 'staging',
      description: 'Kart Racer 2026.10.0-rc2 staging; build was zipped with a top-level folder',
      game: GAMES.kartRacer,
      runtime: { kind: 'build', buildId: buildId(GAMES.kartRacer, 'candidate') },
      status: 'ERROR',
      failure: 'LAUNCH_PATH',
      createdAt: daysAgo(2),
    }),
    definePlan({
      id: FLEETS.empty,
      name: 'arena-shooter-dev-usw2-sandbox',
      environment: 'development',
      game: GAMES.arenaShooter,
      runtime: { kind: 'build', buildId: buildId(GAMES.arenaShooter, 'nightly') },
      status: 'NEW',
      instanceType: 'c6g.large',
      createdAt: SEED_NOW - 20_000,
      eventCount: 0,
    }),
    definePlan({
      id: FLEETS.justCreated,
      name: 'arena-shooter-dev-usw2-perf',
      environment: 'development',
      game: GAMES.arenaShooter,
      runtime: { kind: 'build', buildId: buildId(GAMES.arenaShooter, 'nightly') },
      status: 'NEW',
      createdAt: SEED_NOW - 2 * MINUTE,
    }),
    definePlan({
      id: FLEETS.sparse,
      name: 'space-tactics-prod-euw1-archive',
      environment: 'production',
      description: 'Space Tactics production, eu-west-1 players; long quiet stretches between events',
      game: GAMES.spaceTactics,
      runtime: { kind: 'build', buildId: buildId(GAMES.spaceTactics, 'live') },
      status: 'ACTIVE',
      createdAt: daysAgo(20),
      eventCount: 400,
      emptyPagesOnTimeFilter: true,
    }),
    definePlan({
      id: FLEETS.pageBoundary,
      name: 'dungeon-crawl-qa-usw2-boundary',
      environment: 'qa',
      game: GAMES.dungeonCrawl,
      runtime: { kind: 'build', buildId: buildId(GAMES.dungeonCrawl, 'candidate') },
      status: 'ACTIVE',
      createdAt: daysAgo(9),
      eventCount: 100,
    }),
    definePlan({
      id: FLEETS.pageBoundary50,
      name: 'mmo-shard-qa-usw2-boundary',
      environment: 'qa',
      game: GAMES.mmoShard,
      runtime: { kind: 'build', buildId: buildId(GAMES.mmoShard, 'candidate') },
      status: 'ACTIVE',
      createdAt: daysAgo(6),
      eventCount: 50,
    }),
    definePlan({
      id: FLEETS.pageBoundary20,
      name: 'arena-shooter-qa-usw2-boundary',
      environment: 'qa',
      game: GAMES.arenaShooter,
      runtime: { kind: 'build', buildId: buildId(GAMES.arenaShooter, 'candidate') },
      status: 'ACTIVE',
      createdAt: daysAgo(3),
      eventCount: 20,
    }),
    definePlan({
      id: FLEETS.futureCodes,
      name: 'battle-royale-prod-usw2-overflow',
      environment: 'production',
      description: 'Battle Royale overflow capacity; hibernates between weekend peaks',
      game: GAMES.battleRoyale,
      runtime: { kind: 'build', buildId: BUILDS.shared },
      status: 'HIBERNATING',
      createdAt: daysAgo(12),
      endsAt: SEED_NOW - 3 * HOUR,
      activityEvents: 30,
    }),
    definePlan({
      id: FLEETS.spot,
      name: 'arena-shooter-prod-usw2-spot',
      environment: 'production',
      description: 'Arena Shooter casual playlists on Spot capacity',
      game: GAMES.arenaShooter,
      runtime: { kind: 'build', buildId: buildId(GAMES.arenaShooter, 'live') },
      fleetType: 'SPOT',
      status: 'ACTIVE',
      createdAt: daysAgo(14),
      activityEvents: 300,
      sameTimeShare: 0.15,
    }),
    definePlan({
      id: FLEETS.realtime,
      name: 'card-duel-prod-usw2',
      environment: 'production',
      game: GAMES.cardDuel,
      runtime: { kind: 'script', scriptId: SCRIPTS.realtime },
      status: 'ACTIVE',
      createdAt: daysAgo(21),
      activityEvents: 60,
      specialLogs: { FLEET_CREATION_EXTRACTING_BUILD: 'gzip' },
    }),
    definePlan({
      id: FLEETS.anywhere,
      name: 'mmo-shard-anywhere-lab-sea',
      environment: 'lab',
      description: 'MMO Shard on studio hardware in Seattle',
      game: GAMES.mmoShard,
      runtime: { kind: 'anywhere' },
      status: 'ACTIVE',
      createdAt: daysAgo(40),
      activityEvents: 40,
    }),
    definePlan({
      id: FLEETS.terminated,
      name: 'kart-racer-prod-usw2-2026-06',
      environment: 'production',
      description: 'Kart Racer June season fleet, retired',
      game: GAMES.kartRacer,
      runtime: { kind: 'build', buildId: buildId(GAMES.kartRacer, 'live') },
      status: 'TERMINATED',
      createdAt: daysAgo(120),
      endsAt: daysAgo(45),
      activityEvents: 80,
    }),
    definePlan({
      id: FLEETS.localized,
      name: 'ninja-kart-prod-apne1',
      environment: 'production',
      description: 'ニンジャカート 本番 (Tokyo players)',
      game: GAMES.ninjaKart,
      runtime: { kind: 'build', buildId: buildId(GAMES.ninjaKart, 'live') },
      status: 'ACTIVE',
      createdAt: daysAgo(16),
      activityEvents: 25,
      specialLogs: { FLEET_CREATION_EXTRACTING_BUILD: 'multibyte', FLEET_CREATION_VALIDATING_RUNTIME_CONFIG: 'empty' },
    }),
    definePlan({
      id: FLEETS.everyCode,
      name: 'dungeon-crawl-qa-usw2-codes',
      environment: 'qa',
      description: 'Event code catalogue: one event of every documented code',
      game: GAMES.dungeonCrawl,
      runtime: { kind: 'build', buildId: buildId(GAMES.dungeonCrawl, 'candidate') },
      status: 'ACTIVE',
      createdAt: daysAgo(5),
      activityEvents: 10,
      everyKnownCode: true,
    }),
  ];
}
