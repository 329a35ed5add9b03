import { builder } from './builder.js';
import './fleet.js';
import './fleet-event.js';
import './event-feed.js';
import './live-events.js';
import './fleet-capacity.js';
import './fleet-utilization.js';
import './fleet-creation.js';
import './fleet-location.js';

export type { GatewayContext } from './context.js';

export const schema = builder.toSchema({ sortSchema: true });
