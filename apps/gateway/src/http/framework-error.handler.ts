import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, errorCodeForStatus } from '@eventline/contracts';
import { errorBody } from '../errors/error-response.body.js';

const MESSAGES: Record<string, string> = {
  FST_ERR_BAD_URL: 'the URL is not valid (bad percent-encoding)',
  FST_ERR_MAX_PARAM_LENGTH: 'a path segment is longer than any valid one',
};

/**
 * Fastify's `frameworkErrors`: errors its router raises before any route (and so before Nest's
 * exception filter) is reached, answered in the documented error body.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 400;
  const code = status === 400 ? ErrorCode.BadRequest : errorCodeForStatus(status);
  void reply.status(status).send(errorBody(code, MESSAGES[error.code] ?? error.message));
}
