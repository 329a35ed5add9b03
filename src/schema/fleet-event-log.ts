import type { GraphQLResolveInfo } from 'graphql';
import type { FleetEventRecord } from '../gamelift/events/fleet-events.js';
import type { LogObject, LogRequestOptions } from '../gamelift/logs/index.js';
import { builder } from './builder.js';
import type { GatewayContext } from './context.js';

export const FleetEventLogRef = builder.objectRef<LogObject>('FleetEventLog').implement({
  description:
    "The log file of a fleet-creation step, read from the event's presigned S3 URL when selected. " +
    'At most LOG_MAX_BYTES (1 MiB by default) of it is returned.',
  fields: (t) => ({
    content: t.exposeString('content', {
      description: 'The log text (UTF-8), cut at a character boundary when truncated; from a line start when tailing.',
    }),
    sizeBytes: t.exposeInt('sizeBytes', {
      nullable: true,
      description: 'Size of the whole log object as stored (compressed size for a gzip object); null when S3 did not say.',
    }),
    contentBytes: t.exposeInt('contentBytes', { description: 'Size of `content` in UTF-8 bytes.' }),
    truncated: t.exposeBoolean('truncated', {
      description: 'True when `content` is only part of the log (it hit `maxBytes` or `lines`).',
    }),
    contentEncoding: t.exposeString('contentEncoding', {
      nullable: true,
      description: 'How S3 stored the object (e.g. gzip); the content is always served decoded.',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the presigned URL this content was read from expires.',
      resolve: (log) => log.expiresAt,
    }),
  }),
});

/** What a query's fields share when the executor gives them no root object of their own. */
const QUERY_RESULT = {};

/**
 * Reads an event's log for one field. An expired URL is replaced once by describing the event
 * again, which mints a fresh one. The fields of one result (the query, or one event of a
 * subscription, whose root value is that event) share its log limits and its reads.
 */
export function readEventLog(
  record: FleetEventRecord,
  options: LogRequestOptions,
  { logs, gamelift }: GatewayContext,
  info: GraphQLResolveInfo,
): Promise<LogObject | null> {
  const url = record.event.PreSignedLogUrl;
  if (!url) return Promise.resolve(null);
  const root: unknown = info.rootValue;
  const result = typeof root === 'object' && root !== null && info.operation.operation === 'subscription' ? root : QUERY_RESULT;
  return logs.read(result, url, options, () => gamelift.in(record.region).events.freshLogUrl(record));
}
