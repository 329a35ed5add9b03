/** Maps a failed log GET (S3 answers with an XML `<Error>` body) to a typed GatewayError. */
import { GatewayError, type GatewayErrorCode } from '../errors.js';
import { HeadWindow } from './byte-window.js';
import type { LogResponse } from './http-get.js';

/** S3 error documents are a few hundred bytes; anything past this is not worth reading. */
const ERROR_BODY_LIMIT = 4096;
/** S3 error codes are short identifiers; anything else is not echoed into error details. */
const S3_CODE = /^[A-Za-z0-9.]{1,64}$/;

export async function errorFromResponse(response: LogResponse, logUrl: string): Promise<GatewayError> {
  const { code: s3Code, message } = parseS3Error(await readErrorBody(response));
  const status = response.status;
  const details = { logUrl, httpStatus: status, ...(s3Code === null ? {} : { s3Code }) };
  const [code, text] = classify(status, message);
  return new GatewayError(code, text, details);
}

function classify(status: number, s3Message: string | null): [GatewayErrorCode, string] {
  // S3 rejects a presigned GET after X-Amz-Expires with 403 AccessDenied "Request has expired".
  if (status === 403 && s3Message !== null && /request has expired/i.test(s3Message)) {
    return ['LOG_EXPIRED', 'The presigned log URL has expired'];
  }
  if (status === 401 || status === 403) return ['LOG_ACCESS_DENIED', `The log server denied access (HTTP ${status})`];
  if (status === 404 || status === 410) return ['LOG_NOT_FOUND', 'The log object does not exist'];
  return ['LOG_UNAVAILABLE', `The log server answered HTTP ${status}`];
}

async function readErrorBody(response: LogResponse): Promise<string> {
  const window = new HeadWindow(ERROR_BODY_LIMIT);
  const chunks: AsyncIterable<Buffer> = response.body;
  try {
    for await (const chunk of chunks) if (!window.push(chunk)) break;
  } catch {
    // The status alone classifies the failure; a body cut short only loses detail.
  } finally {
    response.close();
  }
  return window.bytes().toString('utf8');
}

function parseS3Error(body: string): { code: string | null; message: string | null } {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1]?.trim() ?? null;
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1] ?? null;
  return { code: code !== null && S3_CODE.test(code) ? code : null, message };
}
