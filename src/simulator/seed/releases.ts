import { GAMES, type GameProfile } from './games.js';
import { Rng } from './rng.js';

/** Release trains every game ships on; fleets of one game and train share a build (or script). */
export type ReleaseTrain = 'live' | 'candidate' | 'nightly';

const VERSIONS: Record<ReleaseTrain, string> = {
  live: '2026.09.1',
  candidate: '2026.10.0-rc2',
  nightly: '2026.10.0-nightly.20260930',
};

const uploadId = (prefix: 'build' | 'script', game: GameProfile, train: ReleaseTrain): string =>
  `${prefix}-${Rng.forKey(`${prefix}:${game.slug}:${VERSIONS[train]}`).uuid()}`;

export const buildId = (game: GameProfile, train: ReleaseTrain): string => uploadId('build', game, train);
export const scriptId = (game: GameProfile, train: ReleaseTrain): string => uploadId('script', game, train);

/** The game a seeded build belongs to, if it is one. */
export function gameOfBuild(id: string): GameProfile | undefined {
  const trains = Object.keys(VERSIONS) as ReleaseTrain[];
  return Object.values(GAMES).find((game) => trains.some((train) => buildId(game, train) === id));
}
