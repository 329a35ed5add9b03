import { staleBuildNotice } from './build-freshness.js';
import { configOrExit, nodeVersionNotice } from './startup.js';

/** `npm start`: the gateway against GameLift, configured the standard AWS way. */
const config = configOrExit(process.env);
const stale = staleBuildNotice();
if (stale) console.error(`fleetgraph: ${stale}`);
const nodeNotice = nodeVersionNotice();
// Loaded only once the configuration is known to be good: the AWS SDK is the heavy part.
const { createGameLiftClient, GameLiftClients } = await import('./gamelift/client.js');
const { startOrExit } = await import('./start-gateway.js');
let clients: Awaited<ReturnType<typeof GameLiftClients.create>>;
try {
  clients = await GameLiftClients.create((region) => createGameLiftClient({ ...config.gamelift, ...(region ? { region } : {}) }), config.regions);
} catch (error) {
  console.error(`fleetgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
const gateway = await startOrExit(clients, config, {}, async () => clients.destroy());
gateway.logger.info({ url: gateway.url, auth: gateway.authMode }, `fleetgraph listening: GraphiQL at ${gateway.url}`);
if (nodeNotice) gateway.logger.warn(nodeNotice);
