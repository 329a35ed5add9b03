import { builder } from './builder.js';
import './fleet.js';
import './fleetEvent.js';
import './query.js';

export type { GatewayContext } from './builder.js';

export const schema = builder.toSchema({ sortSchema: true });
