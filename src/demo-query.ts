import { FLEETS } from './simulator/index.js';

/**
 * What the demo opens GraphiQL with: the simulator's fleet whose creation failed, its events and,
 * in the same query, the end of each creation step's log, where the failure is explained.
 */
export const DEMO_QUERY = `# A fleet whose creation failed: its events, newest first, with the last lines of each step's log.
query FailedFleet {
  fleet(fleetId: "${FLEETS.failedCreation}") {
    name
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
