import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseBody } from './error-response.body.js';

/**
 * Documents error answers of a route or controller, each with the one error body: pass the
 * status and when it happens. A 429 also documents its `Retry-After` header.
 */
export function ApiErrorResponses(statuses: Record<number, string>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...Object.entries(statuses).map(([status, description]) =>
      ApiResponse({
        status: Number(status),
        description,
        type: ErrorResponseBody,
        ...(Number(status) === 429 ? { headers: RETRY_AFTER } : {}),
      }),
    ),
  );
}

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds until the rate-limit window resets.',
    schema: { type: 'integer', minimum: 1 },
  },
};

/** What every `/v1` route may answer besides its own: a slow request, the rate limit, a fault of ours. */
export const COMMON_ERRORS: Record<number, string> = {
  429: "`rate_limited`: the key's application (or, without a valid key, the client address) sent more than `RATE_LIMIT_PER_MINUTE` requests this minute; retry after `Retry-After` seconds.",
  408: '`request_timeout`: the headers and body did not all arrive within `REQUEST_TIMEOUT_MS`; the connection is closed.',
  500: '`internal_error`: a fault of ours; the body carries the `error_id` the gateway logged it under.',
};
