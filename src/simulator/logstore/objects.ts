import { createHash } from 'node:crypto';
import type { SeedData } from '../seed/index.js';

/** A log object with the metadata S3 serves alongside it. */
export interface StoredLog {
  readonly body: Buffer;
  /** Quoted MD5 of the stored bytes, as S3 reports for single-part uploads. */
  readonly etag: string;
  readonly lastModified: string;
  readonly contentEncoding?: 'gzip';
}

/** Objects by key; each was written when its event happened. */
export function storeLogs(data: SeedData): ReadonlyMap<string, StoredLog> {
  const store = new Map<string, StoredLog>();
  for (const fleet of data.fleets) {
    for (const event of fleet.events) {
      const body = event.logKey === undefined ? undefined : data.logs.get(event.logKey);
      if (event.logKey === undefined || body === undefined) continue;
      store.set(event.logKey, {
        body,
        etag: `"${createHash('md5').update(body).digest('hex')}"`,
        lastModified: new Date(event.EventTime).toUTCString(),
        ...(event.logContentEncoding === undefined ? {} : { contentEncoding: event.logContentEncoding }),
      });
    }
  }
  return store;
}
