import { FLEETS } from './simulator/index.js';

/**
 * What the demo opens GraphiQL with: the simulator's fleet whose creation failed, its events and,
 * in the same query, the end of each creation step's log, where the failure is explained.
 */
export const DEMO_QUERY = `# A fleet whose creation failed: its events, newest first, with the last lines of each step's log.
query FailedFleet {
  fleet(fleetId: "${FLEETS.failedCreation}") {
    name
    region
    status
    events(first: 10) {
      edges {
        node {
          eventTime
          eventCode
          message
          log(tail: true, lines: 12) { content truncated sizeBytes expiresAt }
        }
      }
    }
  }
}
`;

/** Fleets the demo creates as it starts, with fixed ids so that the README's examples can name them. */
export const DEMO_FLEETS = {
  /** Walks through creation in real time (about 70 s) to ACTIVE, then scales every 15 s. */
  live: 'fleet-11fe0000-de30-4000-8000-000000000001',
  /** Walks through creation in real time and fails validation: its launch path is not in the build. */
  failing: 'fleet-11fe0000-de30-4000-8000-000000000002',
} as const;
