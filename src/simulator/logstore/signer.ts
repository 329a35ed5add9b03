import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { REGION } from '../seed/aws-ids.js';

/** Presigned URLs, like S3's, are valid for 15 minutes. */
export const URL_LIFETIME_SECONDS = 900;

/** Fixed for the same reason as the NextToken secret: URLs survive a simulator restart. */
const SECRET = 'fleetgraph-simulator/log-urls/v1';
const ACCESS_KEY_ID = 'ASIAQ3GAMELIFTLOGS7X';

/**
 * A session token as long as the STS tokens in real GameLift log URLs (they start with the
 * base64 of "\u0021\n\torigin_ec"), derived, not random, so URLs are reproducible. Its length is
 * what pushes URLs past the 1,024 characters the API model wrongly promises.
 */
const SESSION_TOKEN = (() => {
  const chunks = [Buffer.from('210a096f726967696e5f6563', 'hex')];
  for (let i = 0; i < 12; i++) chunks.push(createHash('sha512').update(`session-token/${i}`).digest());
  return Buffer.concat(chunks).toString('base64');
})();

/** The query parameters every signature covers, in the order real presigned URLs list them. */
const SIGNED_PARAMS = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders', 'X-Amz-Security-Token'];

/** `20261124T051500Z` */
const amzDate = (ms: number): string => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

function parseAmzDate(value: string | null): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
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
    const values = [
      'AWS4-HMAC-SHA256',
      `${ACCESS_KEY_ID}/${date.slice(0, 8)}/${REGION}/s3/aws4_request`,
      date,
      String(URL_LIFETIME_SECONDS),
      'host',
      SESSION_TOKEN,
    ];
    const query = new URLSearchParams(SIGNED_PARAMS.map((name, i) => [name, values[i] ?? '']));
    const encoded = [...query].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
    return `${this.options.base}/${key}?${encoded}&X-Amz-Signature=${signature(key, query).toString('hex')}`;
  }

  /** Whether the URL's query is exactly what this signer minted for `key`. */
  verify(key: string, query: URLSearchParams): boolean {
    const given = query.getAll('X-Amz-Signature');
    const provided = given.length === 1 && /^[0-9a-f]{64}$/.test(given[0] ?? '') ? Buffer.from(given[0] ?? '', 'hex') : undefined;
    return provided !== undefined && timingSafeEqual(provided, signature(key, query));
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
