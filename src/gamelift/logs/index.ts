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
export { presignedUrlExpiry, redactUrl } from './presigned-url.js';
export { RequestLogFetcher, type LogFetchObserver, type LogRequestOptions, type RefreshLogUrl } from './request-log-fetcher.js';
