import { configFromEnv } from './config.js';
import { createGameLiftClient } from './gamelift/client.js';
import { startGateway } from './gateway.js';
import { stopOnSignals } from './shutdown.js';

/** `npm start`: the gateway against GameLift, configured the standard AWS way. */
const config = configFromEnv();
const client = createGameLiftClient(config.gamelift);
try {
  await client.config.region();
} catch {
  console.error('No AWS region configured: set AWS_REGION (or a profile region in ~/.aws/config).');
  process.exit(1);
}
const gateway = await startGateway(client, config);
console.log(`fleetgraph listening: GraphiQL at ${gateway.url}`);
stopOnSignals(async () => {
  await gateway.close();
  client.destroy();
});
