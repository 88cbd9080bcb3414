export { EventlinePublisher, EventlinePublishError } from './eventline.publisher.js';
export type {
  EventlinePublisherOptions,
  PublishEvent,
  PublishOptions,
  PublishReceipt,
} from './eventline.publisher.js';
export type { Category, CategoryData, EventPayload } from '../track/event-payload.js';
export type { RetryPolicy } from '../delivery/backoff.policy.js';
