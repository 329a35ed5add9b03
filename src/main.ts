import { staleBuildNotice } from './build-freshness.js';
import { configOrExit, nodeVersionNotice } from './startup.js';

/** `npm start`: the gateway against GameLift, configured the standard AWS way. */
const config = configOrExit(process.env);
const stale = staleBuildNotice();
if (stale) console.error(`fleetgraph: ${stale}`);
const nodeNotice = nodeVersionNotice();
// Loaded only once the configuration is known to be good: the AWS SDK is the heavy part.
const { createGameLiftClient } = await import('./gamelift/client.js');
const { startOrExit } = await import('./start-gateway.js');
const client = createGameLiftClient(config.gamelift);
try {
  await client.config.region();
} catch {
  console.error('fleetgraph: no AWS region configured: set AWS_REGION (or a profile region in ~/.aws/config)');
  process.exit(1);
}
const gateway = await startOrExit(client, config, {}, async () => client.destroy());
gateway.logger.info({ url: gateway.url, auth: gateway.authMode }, `fleetgraph listening: GraphiQL at ${gateway.url}`);
if (nodeNotice) gateway.logger.warn(nodeNotice);
