import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorCode } from '@eventline/contracts';
import { errorBody } from '../errors/error-response.body.js';

/** Node's HTTP server errors that reach the gateway before any request does, and what they mean. */
const CLIENT_ERRORS: Record<
  string,
  { status: number; code: ErrorCode; message: (timeoutMs: number) => string }
> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: ErrorCode.RequestTimeout,
    message: (ms) => `the request (headers and body) did not arrive within ${ms} ms`,
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: ErrorCode.HeadersTooLarge,
    message: () => 'the request line and headers are larger than the server accepts (16 KiB)',
  },
};

const MALFORMED = {
  status: 400,
  code: ErrorCode.BadRequest,
  message: () => 'malformed HTTP request (request line, headers or chunked framing)',
};

/**
 * Fastify's `clientErrorHandler`: Node's HTTP server reports here what it refuses itself (a
 * request not received within the request timeout, headers too large, an unparsable request).
 * It answers in the documented error body, like every other error, and closes the connection.
 * Nothing is written when an answer has already started on that connection.
 */
export function clientErrorHandler(requestTimeoutMs: number) {
  return function handleClientError(error: Error & { code?: string }, socket: Socket): void {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const known = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
    if (!socket.writable || socket.bytesWritten > 0) {
      socket.destroy();
      return;
    }
    const body = JSON.stringify(errorBody(known.code, known.message(requestTimeoutMs)));
    const answer =
      `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status]}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
    // Destroyed once written: a slow client must not keep the connection by never reading.
    socket.write(answer, () => socket.destroy());
    socket.setTimeout(1000, () => socket.destroy());
  };
}
