import type { Plugin } from 'graphql-yoga';
import { recordOf } from '../../observability/request-record.js';
import { errorResponse } from '../error-response.js';

/**
 * Yoga enforces `maxRequestBodySize` itself (by Content-Length, and by counting bytes as they
 * stream when there is none) and answers 413; this words that answer like every other limit:
 * the setting, the limit and, when the client declared it, the actual size.
 */
export function bodyLimitMessage(maxBytes: number): Plugin {
  return {
    onResponse({ request, response, setResponse }) {
      if (response.status !== 413) return;
      const declared = Number(request.headers.get('content-length') ?? NaN);
      const size = Number.isSafeInteger(declared) && declared > maxBytes ? `${declared} bytes` : `more than ${maxBytes} bytes`;
      setResponse(
        errorResponse(413, {
          message: `The request body is ${size}; the limit is ${maxBytes} bytes (MAX_REQUEST_BODY_BYTES).`,
          code: 'REQUEST_ENTITY_TOO_LARGE',
          limit: maxBytes,
          ...(Number.isSafeInteger(declared) ? { actual: declared } : {}),
          requestId: recordOf(request)?.id,
        },
        // The rest of the body was not read: the connection cannot carry another request.
        { connection: 'close' },
        ),
      );
    },
  };
}
