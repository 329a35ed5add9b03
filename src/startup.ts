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

const SUPPORTED_NODE_MAJOR = 22;

/**
 * On Node 20 (end of life), the AWS SDK prints a multi-line warning when it loads. It is replaced
 * by one log line (returned here, for the entry point to log once it is up), so that a working
 * gateway does not start with a wall of text; the advice is the same: move to Node 22 or 24.
 */
export function nodeVersionNotice(): string | null {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= SUPPORTED_NODE_MAJOR) return null;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return `Node ${process.versions.node} is past its end of life: run fleetgraph on Node 22 or 24 (the AWS SDK will require 22 from January 2027)`;
}
