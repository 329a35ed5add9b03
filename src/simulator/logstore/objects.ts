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

/** An object as S3 keeps it, written at `writtenAt` (epoch ms). */
export const storedLog = (body: Buffer, writtenAt: number, contentEncoding?: 'gzip'): StoredLog => ({
  body,
  etag: `"${createHash('md5').update(body).digest('hex')}"`,
  lastModified: new Date(writtenAt).toUTCString(),
  ...(contentEncoding === undefined ? {} : { contentEncoding }),
});

/** The seeded objects by key, each written when its event happened; a simulator adds its own. */
export function storeLogs(data: SeedData): Map<string, StoredLog> {
  const store = new Map<string, StoredLog>();
  for (const fleet of data.fleets) {
    for (const event of fleet.events) {
      const body = event.logKey === undefined ? undefined : data.logs.get(event.logKey);
      if (event.logKey === undefined || body === undefined) continue;
      store.set(event.logKey, storedLog(body, event.EventTime, event.logContentEncoding));
    }
  }
  return store;
}
