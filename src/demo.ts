import { configFromEnv } from './config.js';
import { DEMO_QUERY } from './demoQuery.js';
import { integerFromEnv } from './env.js';
import { createGameLiftClient } from './gamelift/client.js';
import { startGateway } from './gateway.js';
import { stopOnSignals } from './shutdown.js';
import { startSimulator } from './simulator/index.js';

/**
 * `npm run demo`: the embedded GameLift simulator and the gateway in one process. The gateway
 * reaches the simulator only through its endpoint URL, exactly as it would reach AWS.
 */
const simulator = await startSimulator({ port: integerFromEnv(process.env, 'SIMULATOR_PORT', 4599, 0, 65535) });
// The simulator's log store is plain http on loopback: allowed only because it is listed by name.
const config = configFromEnv({ LOG_URL_ALLOWED_HOSTS: new URL(simulator.url).host, ...process.env });
const client = createGameLiftClient({
  ...config.gamelift,
  endpoint: simulator.url,
  region: 'us-west-2',
  credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
});
const gateway = await startGateway(client, config, { graphiqlDefaultQuery: DEMO_QUERY });
console.log(`GameLift simulator listening on ${simulator.url}`);
console.log(`fleetgraph demo ready: open GraphiQL at ${gateway.url}`);
stopOnSignals(async () => {
  await gateway.close();
  client.destroy();
  await simulator.close();
});
