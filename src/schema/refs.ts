import type { FleetAttributes } from '@aws-sdk/client-gamelift';
import type { FleetEventRecord } from '../gamelift/access.js';
import { builder } from './builder.js';

/** Declared apart from their fields so Fleet and FleetEvent can refer to each other. */
export const FleetRef = builder.objectRef<FleetAttributes>('Fleet');
export const FleetEventRef = builder.objectRef<FleetEventRecord>('FleetEvent');
