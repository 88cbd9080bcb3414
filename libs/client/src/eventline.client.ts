import { v7 as uuidv7 } from 'uuid';
import { listenForPageHide } from './browser/page-hide.listener.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './delivery/backoff.policy.js';
import { batchLimits } from './delivery/delivery-limits.js';
import { EventSender } from './delivery/event.sender.js';
import { HttpTransport, type FetchLike } from './http/http.transport.js';
import { EventsQuery } from './query/events.query.js';
import { QueryClient } from './query/query.client.js';
import { SessionsQuery } from './query/sessions.query.js';
import { eventTimestamp } from './track/event-clock.js';
import type { Category, CategoryData, EventPayload } from './track/event-payload.js';
import type {
  EventResult,
  FlushReport,
  QueuedReceipt,
  RejectedResult,
  UndeliveredResult,
} from './track/event-result.js';

export interface EventlineClientOptions {
  /** The gateway's base URL, e.g. `https://events.example.com`. */
  url: string;
  /** An API key with scope `ingest` (and `query` to use `events` / `sessions`). */
  apiKey: string;
  /** The application name the key belongs to; sent as each event's `name`. */
  app: string;
  /** Send a batch once this many events are queued. Default 100; at most 500 (the server's limit). */
  batchSize?: number;
  /** Send a batch once its JSON reaches this many bytes. Default 256 KiB; at most 1 MiB (the server's limit). */
  maxBatchBytes?: number;
  /** Send whatever is queued after at most this long. Default 2000 ms. */
  flushIntervalMs?: number;
  /**
   * Bound of the in-memory queue (events queued or being sent). When full, the newest event is
   * refused: `track` returns it as `undelivered` with reason `queue_full`, and `onError` hears of it.
   * Default 10 000 events.
   */
  maxQueueSize?: number;
  /** The same bound in bytes of JSON. Default 16 MiB. */
  maxQueueBytes?: number;
  /** Retries of network errors, 408, 429 and 5xx (exponential back-off with jitter; `Retry-After` honoured). */
  retry?: Partial<RetryPolicy>;
  /** Per-request timeout; a timed-out request is retried. Default 15 000 ms. */
  requestTimeoutMs?: number;
  /** Send queued events when the page is hidden, as keepalive requests (browsers). Default true. */
  flushOnPageHide?: boolean;
  /**
   * Hears of every event that ends rejected or undelivered, including those tracked without
   * `awaitAck`. Default: `console.warn`.
   */
  onError?: (result: RejectedResult | UndeliveredResult) => void;
  /** The `fetch` to use. Default: the global one. */
  fetch?: FetchLike;
}

/** Options of one `track` call. */
export interface TrackOptions {
  /** UUID of the visitor's session. */
  sessionId: string;
  /** When it happened. Default: now, with microseconds. A string must be in an accepted format. */
  timestamp?: Date | string;
  /** A UUID of your own (for instance to re-track an undelivered event). Default: a new UUIDv7. */
  eventId?: string;
  /** Resolve only once the server has answered for this event, and send it without delay. */
  awaitAck?: boolean;
}

export interface CloseOptions {
  /** How long to keep trying to deliver what is pending. Default 10 000 ms. */
  timeoutMs?: number;
}

/**
 * Tracks events to an eventline gateway and queries them back.
 *
 * Events are batched, sent with retries, and de-duplicated by the server through their
 * client-side `event_id`, so a retry never stores an event twice. Call `close()` (or `flush()`)
 * before a process or serverless invocation ends, or queued events are lost.
 */
export class EventlineClient {
  /** Queries over events (`GET /v1/events`). Needs a key with scope `query`. */
  readonly events: EventsQuery;
  /** Queries over sessions (`GET /v1/sessions`, `GET /v1/sessions/{id}/events`). */
  readonly sessions: SessionsQuery;

  private readonly sender: EventSender;
  private readonly app: string;
  private readonly stopListening: () => void;

  constructor(options: EventlineClientOptions) {
    if (!options.url) throw new TypeError('EventlineClient: `url` is required');
    if (!options.apiKey) throw new TypeError('EventlineClient: `apiKey` is required');
    if (!options.app) throw new TypeError('EventlineClient: `app` is required');
    this.app = options.app;
    const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const transport = new HttpTransport(
      options.url,
      options.apiKey,
      fetchFn,
      options.requestTimeoutMs ?? 15_000,
    );
    const retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.sender = new EventSender({
      transport,
      batch: batchLimits(options.batchSize ?? 100, options.maxBatchBytes ?? 256 * 1024),
      queue: {
        maxEvents: options.maxQueueSize ?? 10_000,
        maxBytes: options.maxQueueBytes ?? 16 * 1024 * 1024,
      },
      flushIntervalMs: options.flushIntervalMs ?? 2000,
      retry,
      onFailure: options.onError ?? warn,
    });
    // Queries are interactive: a few attempts, not the patience ingestion has.
    const queries = new QueryClient(transport, { ...retry, maxAttempts: Math.min(retry.maxAttempts, 3) });
    this.events = new EventsQuery(queries);
    this.sessions = new SessionsQuery(queries);
    this.stopListening =
      options.flushOnPageHide === false
        ? () => {}
        : listenForPageHide((hidden) => this.sender.setPageHidden(hidden));
  }

  /**
   * Tracks one event. `data` must match the category's shape.
   *
   * Without `awaitAck` it resolves at once with `{ status: 'queued' }` (or with the final result
   * when the event cannot even be queued). With `awaitAck: true` it resolves with the server's
   * verdict: `accepted` / `duplicate`, `rejected` with field errors, or `undelivered`.
   * It never rejects, so fire-and-forget calls cannot cause unhandled rejections.
   */
  track<C extends Category>(
    category: C,
    data: CategoryData<C>,
    options: TrackOptions & { awaitAck: true },
  ): Promise<EventResult>;
  track<C extends Category>(
    category: C,
    data: CategoryData<C>,
    options: TrackOptions,
  ): Promise<EventResult | QueuedReceipt>;
  async track<C extends Category>(
    category: C,
    data: CategoryData<C>,
    options: TrackOptions,
  ): Promise<EventResult | QueuedReceipt> {
    const payload: EventPayload<C> = {
      event_id: options.eventId ?? uuidv7(),
      session_id: options.sessionId,
      category,
      name: this.app,
      data,
      timestamp: eventTimestamp(options.timestamp),
    };
    const enqueued = this.sender.enqueue(payload as EventPayload, options.awaitAck === true);
    if (!enqueued.queued) return enqueued.result;
    if (options.awaitAck) return enqueued.done;
    return { status: 'queued', event_id: payload.event_id };
  }

  /** Events queued or being sent. */
  get pending(): number {
    return this.sender.pendingCount;
  }

  /**
   * Sends everything queued now and resolves once each of those events has its outcome, with the
   * outcome of every event tracked since the previous report: how many were accepted, and which
   * were rejected or could not be delivered (`queue_full` on arrival, retries exhausted, …).
   */
  flush(): Promise<FlushReport> {
    return this.sender.flush();
  }

  /**
   * Stops accepting events (later `track` calls return `undelivered` / `closed`), delivers what
   * is pending, and resolves with the report of every event since the previous report. What the
   * server has not confirmed within `timeoutMs` is reported as `undelivered` with reason `timeout`.
   */
  async close(options: CloseOptions = {}): Promise<FlushReport> {
    this.stopListening();
    return this.sender.close(options.timeoutMs ?? 10_000);
  }
}

function warn(result: RejectedResult | UndeliveredResult): void {
  const detail =
    result.status === 'rejected'
      ? result.errors.map((e) => `${e.field || '(event)'}: ${e.code}`).join(', ')
      : `${result.reason}: ${result.message}`;
  console.warn(`[eventline] event ${result.event_id} ${result.status} (${detail})`);
}
