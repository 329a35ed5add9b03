import type { GameLiftClient } from '@aws-sdk/client-gamelift';
import { GameLiftUpstream } from './upstream.js';

export { GameLiftUpstream, type CallOptions } from './upstream.js';
export type { InputOf, Operation, OutputOf } from './operations.js';

/** The one upstream path, with its layers in order (outermost first). */
export function createUpstream(client: GameLiftClient): GameLiftUpstream {
  return new GameLiftUpstream(client, []);
}
