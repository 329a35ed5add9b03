import { randomBytes } from 'node:crypto';
import { URL_LIFETIME_SECONDS } from './signer.js';

/** An S3 REST error: status plus the `<Error>` document S3 sends as application/xml. */
export interface S3Error {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  /** Extra child elements S3 adds for this code, in order. */
  readonly details: readonly (readonly [element: string, value: string])[];
}

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);

/** S3 writes times in these bodies without milliseconds. */
const s3Time = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** S3 names each request; the id appears both in `x-amz-request-id` and in error bodies. */
export const s3RequestId = (): string => randomBytes(8).toString('hex').toUpperCase();

export function s3ErrorXml(error: S3Error, requestId: string): string {
  const elements: (readonly [string, string])[] = [
    ['Code', error.code],
    ['Message', error.message],
    ...error.details,
    ['RequestId', requestId],
    ['HostId', randomBytes(48).toString('base64')],
  ];
  const body = elements.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${body}</Error>`;
}

export const signatureDoesNotMatch = (accessKeyId: string, signatureProvided: string): S3Error => ({
  status: 403,
  code: 'SignatureDoesNotMatch',
  message: 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  details: [
    ['AWSAccessKeyId', accessKeyId],
    ['SignatureProvided', signatureProvided],
  ],
});

export const requestExpired = (expiresAt: number, now: number): S3Error => ({
  status: 403,
  code: 'AccessDenied',
  message: 'Request has expired',
  details: [
    ['X-Amz-Expires', String(URL_LIFETIME_SECONDS)],
    ['Expires', s3Time(expiresAt)],
    ['ServerTime', s3Time(now)],
  ],
});

export const noSuchKey = (key: string): S3Error => ({
  status: 404,
  code: 'NoSuchKey',
  message: 'The specified key does not exist.',
  details: [['Key', key]],
});

export const invalidRange = (rangeRequested: string, size: number): S3Error => ({
  status: 416,
  code: 'InvalidRange',
  message: 'The requested range is not satisfiable',
  details: [
    ['RangeRequested', rangeRequested],
    ['ActualObjectSize', String(size)],
  ],
});
