export { EventlineClient } from './eventline.client.js';
export type { CloseOptions, EventlineClientOptions, TrackOptions } from './eventline.client.js';
export type { Category, CategoryData, EventPayload } from './track/event-payload.js';
export type {
  AcceptedResult,
  EventResult,
  FlushReport,
  QueuedReceipt,
  RejectedResult,
  UndeliveredReason,
  UndeliveredResult,
} from './track/event-result.js';
export type { RetryPolicy } from './delivery/backoff.policy.js';
export { SERVER_LIMITS } from './delivery/delivery-limits.js';
export { EventlineHttpError } from './http/eventline-http.error.js';
export type { FetchLike } from './http/http.transport.js';
export type { EventsQuery } from './query/events.query.js';
export type { SessionsQuery } from './query/sessions.query.js';
export type {
  EventFilters,
  EventItem,
  Page,
  PageOptions,
  SessionEventsOptions,
  SessionFilters,
  SessionItem,
  TimeBound,
} from './query/query.types.js';
export type { ErrorCode, FieldError } from '@eventline/contracts';
