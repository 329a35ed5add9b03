import type { GameLiftClients } from './gamelift/client.js';
import type { GatewayConfig } from './config.js';
import { PortInUseError, startGateway, type RunningGateway, type ServerOptions } from './server/http-server.js';
import { stopOnSignals } from './shutdown.js';

/**
 * Starts the gateway for an entry point: a taken port is one line and exit 1; SIGTERM and SIGINT
 * stop it gracefully (then `cleanup`) and exit 0.
 */
export async function startOrExit(
  clients: GameLiftClients,
  config: GatewayConfig,
  options: ServerOptions,
  cleanup: () => Promise<void>,
): Promise<RunningGateway> {
  let gateway: RunningGateway;
  try {
    gateway = await startGateway(clients, config, options);
  } catch (error) {
    if (!(error instanceof PortInUseError)) throw error;
    console.error(`fleetgraph: ${error.message}`);
    await cleanup();
    process.exit(1);
  }
  stopOnSignals(async () => {
    gateway.logger.info('shutting down: finishing in-flight requests');
    await gateway.close();
    await cleanup();
    gateway.logger.info('stopped');
    await new Promise<void>((resolve) => gateway.logger.flush(() => resolve()));
  });
  return gateway;
}
