import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { REGION } from '../seed/aws-ids.js';

/** Presigned URLs, like S3's, are valid for 15 minutes. */
export const URL_LIFETIME_SECONDS = 900;

/** Fixed for the same reason as the NextToken secret: URLs survive a simulator restart. */
const SECRET = 'fleetgraph-simulator/log-urls/v1';
const ACCESS_KEY_ID = 'ASIAQ3GAMELIFTLOGS7X';

/**
 * A session token as long as the STS tokens in real GameLift log URLs (they start with the
 * base64 of "!\n\torigin_ec"), derived, not random, so URLs are reproducible. Its length is
 * what pushes URLs past the 1,024 characters the API model wrongly promises.
 */
const SESSION_TOKEN = (() => {
  const chunks = [Buffer.from('210a096f726967696e5f6563', 'hex')];
  for (let i = 0; i < 12; i++) chunks.push(createHash('sha512').update(`session-token/${i}`).digest());
  return Buffer.concat(chunks).toString('base64');
})();

/** `20261124T051500Z` */
const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseAmzDate(value: string | null): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  const time = match ? Date.parse(`${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}Z`) : NaN;
  return Number.isNaN(time) ? undefined : time;
}

/** Every parameter but the signature, sorted, so reordering the query keeps a URL valid. */
function canonicalQuery(query: URLSearchParams): string {
  return [...query]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&');
}

const signature = (key: string, query: URLSearchParams): Buffer =>
  createHmac('sha256', SECRET).update(key).update('\n').update(canonicalQuery(query)).digest();

export interface LogUrlSignerOptions {
  /** Origin (and optional path prefix) the URLs point at. */
  readonly base: string;
  readonly now: () => number;
  /** Shifts X-Amz-Date, e.g. to mint URLs that are already expired. */
  readonly dateOffsetSeconds: number;
}

/**
 * Mints and checks S3-shaped presigned GET URLs for log objects. The signature is an HMAC over
 * the object key and every other query parameter, so any edit to either invalidates the URL.
 */
export class LogUrlSigner {
  constructor(private readonly options: LogUrlSignerOptions) {}

  mint(key: string): string {
    const signedAt = this.options.now() + this.options.dateOffsetSeconds * 1000;
    const date = amzDate(signedAt);
    // In the order real presigned URLs list them; the signature goes last.
    const query = new URLSearchParams([
      ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
      ['X-Amz-Credential', `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`],
      ['X-Amz-Date', date],
      ['X-Amz-Expires', String(URL_LIFETIME_SECONDS)],
      ['X-Amz-SignedHeaders', 'host'],
      ['X-Amz-Security-Token', SESSION_TOKEN],
    ]);
    query.append('X-Amz-Signature', signature(key, query).toString('hex'));
    return `${this.options.base}/${key}?${query.toString()}`;
  }

  /** Whether the URL's query is exactly what this signer minted for `key`. */
  verify(key: string, query: URLSearchParams): boolean {
    const [provided, ...repeated] = query.getAll('X-Amz-Signature');
    if (provided === undefined || repeated.length > 0 || !/^[0-9a-f]{64}$/.test(provided)) return false;
    return timingSafeEqual(Buffer.from(provided, 'hex'), signature(key, query));
  }

  /** When a URL stops working (X-Amz-Date + X-Amz-Expires), if its query says. */
  static expiresAt(query: URLSearchParams): number | undefined {
    const signedAt = parseAmzDate(query.get('X-Amz-Date'));
    const lifetime = Number(query.get('X-Amz-Expires') ?? URL_LIFETIME_SECONDS);
    return signedAt === undefined || !Number.isFinite(lifetime) ? undefined : signedAt + lifetime * 1000;
  }

  static accessKeyId(query: URLSearchParams): string {
    return (query.get('X-Amz-Credential') ?? '').split('/')[0] ?? '';
  }
}
