/**
 * Every error code eventline returns, over HTTP and NATS alike.
 * Clients branch on these strings, so they never change meaning once published.
 */
export const ErrorCode = {
  InvalidSessionId: 'invalid_session_id',
  UnknownCategory: 'unknown_category',
  UntrustedApp: 'untrusted_app',
  InvalidData: 'invalid_data',
  InvalidTimestamp: 'invalid_timestamp',
  InvalidEventId: 'invalid_event_id',
  /** Text that is not valid Unicode: invalid UTF-8 bytes in a body, a lone surrogate (`"\ud800"`) in a string. */
  InvalidEncoding: 'invalid_encoding',
  UnexpectedField: 'unexpected_field',
  InvalidBody: 'invalid_body',
  EventTooLarge: 'event_too_large',
  TooManyEvents: 'too_many_events',
  BodyTooLarge: 'body_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  /** The HTTP request itself is malformed (request line, headers, URL), before any route. */
  BadRequest: 'bad_request',
  /** The request (headers and body) did not arrive within the gateway's request timeout. */
  RequestTimeout: 'request_timeout',
  /** The path exists, but not with this method; `Allow` lists the methods it takes. */
  MethodNotAllowed: 'method_not_allowed',
  /** A path segment (e.g. a session id) is longer than any valid one. */
  UriTooLong: 'uri_too_long',
  /** The request line and headers exceed the server's header size limit. */
  HeadersTooLarge: 'headers_too_large',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  RateLimited: 'rate_limited',
  /** The key already holds as many open live streams (`GET /v1/events/live`) as it may. */
  TooManyStreams: 'too_many_streams',
  BrokerUnavailable: 'broker_unavailable',
  /** The gateway holds as many ingest bytes as it may (`INGEST_BYTES_IN_FLIGHT`); retry after `Retry-After`. */
  GatewayBusy: 'gateway_busy',
  InvalidSignature: 'invalid_signature',
  InvalidParameter: 'invalid_parameter',
  InvalidCursor: 'invalid_cursor',
  InvalidLimit: 'invalid_limit',
  InvalidRange: 'invalid_range',
  NotFound: 'not_found',
  QueryUnavailable: 'query_unavailable',
  QueryTimeout: 'query_timeout',
  /** The query service has as many queries in hand as it may; retry after `Retry-After`. */
  QueryBusy: 'query_busy',
  Internal: 'internal_error',
  /** The database did not confirm a write; retried, never acknowledged. */
  StorageUnavailable: 'storage_unavailable',
  /** A message was delivered `max_deliver` times without being stored: dead-lettered. */
  DeliveryLimitReached: 'delivery_limit_reached',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];
