import { ErrorCode } from './error-code.js';

/**
 * The HTTP status of each error code: the one place codes meet HTTP, read by the gateway to answer
 * and by the client package to read answers (docs/api.md).
 */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_session_id: 400,
  unknown_category: 400,
  untrusted_app: 403,
  invalid_data: 400,
  invalid_timestamp: 400,
  invalid_event_id: 400,
  invalid_encoding: 400,
  unexpected_field: 400,
  invalid_body: 400,
  event_too_large: 413,
  too_many_events: 413,
  body_too_large: 413,
  unsupported_media_type: 415,
  bad_request: 400,
  request_timeout: 408,
  method_not_allowed: 405,
  uri_too_long: 414,
  headers_too_large: 431,
  unauthorized: 401,
  forbidden: 403,
  rate_limited: 429,
  too_many_streams: 429,
  broker_unavailable: 503,
  gateway_busy: 503,
  invalid_signature: 400,
  invalid_parameter: 400,
  invalid_cursor: 400,
  invalid_limit: 400,
  invalid_range: 400,
  not_found: 404,
  query_unavailable: 503,
  query_timeout: 504,
  query_busy: 503,
  internal_error: 500,
  storage_unavailable: 503,
  // Only ever a DLQ reason (ingestor); never answered over HTTP.
  delivery_limit_reached: 500,
};

/**
 * The code for an HTTP error that carries none of ours: raised outside our code on the gateway
 * (Fastify's parser, Nest's router), or a body the client cannot read (a proxy's HTML page).
 */
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.InvalidBody,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  405: ErrorCode.MethodNotAllowed,
  408: ErrorCode.RequestTimeout,
  414: ErrorCode.UriTooLong,
  431: ErrorCode.HeadersTooLarge,
  413: ErrorCode.BodyTooLarge,
  415: ErrorCode.UnsupportedMediaType,
  429: ErrorCode.RateLimited,
};

/** The HTTP status the gateway answers an error code with. */
export function httpStatusFor(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? 500;
}

/** The error code an HTTP status stands for when the body names none. */
export function errorCodeForStatus(status: number): ErrorCode {
  return CODE_BY_STATUS[status] ?? (status < 500 ? ErrorCode.InvalidBody : ErrorCode.Internal);
}
