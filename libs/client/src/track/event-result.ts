import type { FieldError } from '@eventline/contracts';
import type { EventPayload } from './event-payload.js';

/** Why an event never got an answer from the server. */
export type UndeliveredReason =
  /** The in-memory queue was full when the event was tracked (the newest event is refused). */
  | 'queue_full'
  /** `track` was called after `close()`. */
  | 'closed'
  /** Every retry failed (network errors, 429, 5xx) and the attempts ran out. */
  | 'retries_exhausted'
  /** `close({ timeoutMs })` ran out of time before the server confirmed the event. */
  | 'timeout';

/** The server confirmed the event (JetStream has it); `duplicate`: it had already been accepted. */
export interface AcceptedResult {
  status: 'accepted' | 'duplicate';
  event_id: string;
  /** Position of the event in the request that carried it. */
  index: number;
  errors: [];
  event: EventPayload;
}

/** The event can never be accepted as it is: retrying is pointless, so it is not retried. */
export interface RejectedResult {
  status: 'rejected';
  event_id: string;
  /** Position in the request that carried it; -1 when refused locally before sending. */
  index: number;
  /** Which field broke which rule, with the server's codes (`invalid_data`, `event_too_large`, …). */
  errors: FieldError[];
  event: EventPayload;
}

/**
 * The server's confirmation never arrived. The event may or may not have been stored (a request
 * can be cut off after the server accepted it); tracking `event` again with the same `eventId` is
 * safe because the server de-duplicates by `event_id`.
 */
export interface UndeliveredResult {
  status: 'undelivered';
  event_id: string;
  index: -1;
  reason: UndeliveredReason;
  /** The last failure seen, for logs. */
  message: string;
  errors: [];
  event: EventPayload;
}

/** The final outcome of one tracked event. */
export type EventResult = AcceptedResult | RejectedResult | UndeliveredResult;

/** What `track` returns when it does not wait for the server: the event is in the queue. */
export interface QueuedReceipt {
  status: 'queued';
  event_id: string;
}

/**
 * What `flush()` and `close()` report: the outcome of every event tracked since the previous
 * report (or since the client was created) that has one by then, each event in exactly one
 * report. That includes the events sent in batches before the call and those refused on arrival
 * (`queue_full`, `closed`, `event_too_large`).
 */
export interface FlushReport {
  accepted: number;
  duplicates: number;
  rejected: RejectedResult[];
  undelivered: UndeliveredResult[];
  /**
   * Rejected or undelivered events past the first `maxQueueSize` of them in this report: counted
   * here, not listed (`onError` heard of each). 0 unless a flood of events failed.
   */
  unlisted: number;
}
