import { configOrExit, nodeVersionNotice } from './startup.js';

const AUTH_SETTINGS = ['AUTH_DISABLED', 'AUTH_API_KEYS', 'AUTH_JWT_JWKS_URL', 'AUTH_JWT_ISSUER', 'AUTH_JWT_AUDIENCE'];

/**
 * `npm run demo`: the embedded GameLift simulator and the gateway in one process, with no set-up:
 * authentication is off unless configured, and it listens on 127.0.0.1 only, since it serves
 * anyone who reaches it. The gateway reaches the simulator only through its endpoint URL,
 * exactly as it would reach AWS.
 */
const authConfigured = AUTH_SETTINGS.some((name) => process.env[name]?.trim());
// The simulator serves two Regions (its seed's and eu-central-1): the demo shows both.
const demoDefaults = { HOST: '127.0.0.1', SIMULATOR_PORT: '4599', GAMELIFT_REGIONS: 'us-west-2,eu-central-1', ...(authConfigured ? {} : { AUTH_DISABLED: 'true' }) };
const env = { ...demoDefaults, ...process.env };
const simulatorPort = Number(env.SIMULATOR_PORT);
// The simulator's log store is plain http on loopback: allowed only because it is listed by name.
const config = configOrExit({ LOG_URL_ALLOWED_HOSTS: `127.0.0.1:${simulatorPort}`, ...env });
const nodeNotice = nodeVersionNotice();
const { startSimulator } = await import('./simulator/index.js');
const { createGameLiftClient, GameLiftClients } = await import('./gamelift/client.js');
const { startOrExit } = await import('./start-gateway.js');
const { DEMO_FLEETS, DEMO_QUERY } = await import('./demo-query.js');
const simulator = await startSimulator({ port: simulatorPort, ...(config.regions ? { regions: config.regions } : {}) });
// Something to watch live: a fleet being created, then scaling; and one whose creation fails.
simulator.createFleet({ fleetId: DEMO_FLEETS.live, name: 'battle-royale-demo-live', outcome: 'ACTIVE', phaseMs: 8_000 });
simulator.createFleet({ fleetId: DEMO_FLEETS.failing, name: 'kart-racer-demo-failing', outcome: 'FLEET_VALIDATION_LAUNCH_PATH_NOT_FOUND', phaseMs: 6_000 });
// Once ACTIVE (creation takes about a minute), the live fleet scales every 15 s, as a fleet in service does.
let desired = 1;
setInterval(() => {
  if (simulator.fleetStatus(DEMO_FLEETS.live) !== 'ACTIVE') return;
  desired = (desired % 4) + 1;
  simulator.appendEvents(DEMO_FLEETS.live, [{ eventCode: 'FLEET_SCALING_EVENT', message: `Scaling policy set desired instances to ${desired}.` }]);
}, 15_000).unref();
const clients = await GameLiftClients.create(
  (region) =>
    createGameLiftClient({
      ...config.gamelift,
      endpoint: simulator.url,
      region: region ?? 'us-west-2',
      credentials: { accessKeyId: 'demo', secretAccessKey: 'demo' },
    }),
  config.regions,
);
const gateway = await startOrExit(clients, config, { graphiqlDefaultQuery: DEMO_QUERY }, async () => {
  clients.destroy();
  await simulator.close();
});
console.log(`GameLift simulator listening on ${simulator.url}`);
console.log(`fleetgraph demo: ${gateway.authMode}; listening on ${config.host} only`);
console.log(`fleetgraph demo ready: open GraphiQL at ${gateway.url}`);
console.log(`live demo fleets: ${DEMO_FLEETS.live} (being created, then scaling), ${DEMO_FLEETS.failing} (being created, then failing)`);
if (nodeNotice) console.log(`fleetgraph: ${nodeNotice}`);
