import { configFromEnv, type GatewayConfig } from './config.js';
import { ConfigError, type Env } from './env.js';

/**
 * The configuration, or one line per problem on stderr and exit code 1: an operator sees what
 * to fix, not a stack trace. Runs before anything heavy (the AWS SDK) is loaded.
 */
export function configOrExit(env: Env): GatewayConfig {
  try {
    return configFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) console.error(`fleetgraph: ${problem}`);
    process.exit(1);
  }
}
