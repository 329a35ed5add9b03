/** Reading GameLift's presigned fleet-event log URLs, safely and within bounds. */
export {
  defaultHostAllowlist,
  isUrlAllowed,
  parseHostAllowlist,
  type HostAllowlist,
  type HostPattern,
} from './allowlist.js';
export { defaultLogFetchConfig, logFetchConfigFromEnv, type LogFetchConfig } from './config.js';
export { fetchLogObject, type FetchLogOptions, type LogObject } from './fetch-log-object.js';
export { LogReader, type LogFetchObserver, type RefreshLogUrl } from './log-reader.js';
export { presignedUrlExpiry, redactUrl } from './presigned-url.js';
export { RequestLogs, type LogRequestOptions, type ResultScope } from './request-logs.js';
