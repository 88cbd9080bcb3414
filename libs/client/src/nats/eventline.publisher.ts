import { jetstream, type JetStreamClient, type PubAck } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/transport-node';
// The message contract's own functions, bundled from libs/contracts (one file each, so the
// category validators are not pulled in).
import { buildEventMessages, type EventMessage } from '@eventline/contracts/message/event-message.builder.js';
import {
  type MessagePublisher,
  writeEventMessageHeaders,
} from '@eventline/contracts/message/event-message.headers.js';
import { EventTopology } from '@eventline/contracts/topology/event-topology.js';
import { eventTooLarge } from '@eventline/contracts/event/event-size.rule.js';
import { v7 as uuidv7 } from 'uuid';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, type RetryPolicy } from '../delivery/backoff.policy.js';
import { sleep } from '../http/abort-signals.js';
import { eventTimestamp } from '../track/event-clock.js';
import type { Category, CategoryData, EventPayload } from '../track/event-payload.js';

export interface EventlinePublisherOptions {
  /** An open connection (`connect()` from `@nats-io/transport-node`); the publisher does not close it. */
  connection: NatsConnection;
  /**
   * This publisher's id: the application name. The ingestor only trusts events whose `name` is
   * the publisher's id, so it is also each event's `name`.
   */
  app: string;
  /** The secret the ingestor knows this publisher by (its `PUBLISHER_SECRETS[app]`). */
  secret: string;
  /** Prefix of subjects and streams; '' (the default) in production. */
  namespace?: string;
  /** How long to wait for JetStream's PubAck per attempt. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * Retries when no PubAck arrives. A retry re-sends the same bytes with the same signature, hence
   * the same `Nats-Msg-Id`, so the stream drops it if the first attempt was stored after all.
   * Default 5 attempts.
   */
  retry?: Partial<RetryPolicy>;
}

/** One event for `publishMany`. */
export type PublishEvent = {
  [C in Category]: {
    category: C;
    data: CategoryData<C>;
    sessionId: string;
    timestamp?: Date | string;
    eventId?: string;
  };
}[Category];

export interface PublishOptions {
  sessionId: string;
  /** Default: now, with microseconds. */
  timestamp?: Date | string;
  /** Default: a new UUIDv7. */
  eventId?: string;
  /** Carried as `Eventline-Correlation-Id`, so the ingestor's logs can be tied to yours. */
  correlationId?: string;
}

/** JetStream's acknowledgement of one message. */
export interface PublishReceipt {
  /** The events the message carried, in order. */
  event_ids: string[];
  stream: string;
  seq: number;
  /**
   * The stream already had this message (the same signed bytes within its duplicate window): an
   * earlier attempt of yours was stored.
   */
  duplicate: boolean;
}

/** Thrown when an event is refused before publishing or JetStream never acknowledged it. */
export class EventlinePublishError extends Error {
  override readonly name = 'EventlinePublishError';
  constructor(
    message: string,
    readonly code: 'event_too_large' | 'not_acknowledged',
    /** The ids of the events in question: publishing them again with these ids is safe. */
    readonly eventIds: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Publishes events straight onto JetStream (`events.<category>`) for backend services, signed so
 * the ingestor trusts them, with a `Nats-Msg-Id` derived from that signature so a retry is
 * de-duplicated and nobody without the secret can claim the id first; resolves once JetStream
 * acknowledged (PubAck), i.e. once the event is durable.
 */
export class EventlinePublisher {
  private readonly js: JetStreamClient;
  private readonly signer: MessagePublisher;
  private readonly topology: EventTopology;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;

  constructor(private readonly options: EventlinePublisherOptions) {
    if (!options.app) throw new TypeError('EventlinePublisher: `app` is required');
    if (!options.secret) throw new TypeError('EventlinePublisher: `secret` is required');
    this.js = jetstream(options.connection);
    this.signer = { id: options.app, secret: options.secret };
    this.topology = new EventTopology(options.namespace ?? '');
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retry = { ...DEFAULT_RETRY_POLICY, maxAttempts: 5, ...options.retry };
  }

  /** Publishes one event and resolves with its PubAck. */
  async publish<C extends Category>(
    category: C,
    data: CategoryData<C>,
    options: PublishOptions,
  ): Promise<PublishReceipt> {
    const [receipt] = await this.publishMany([{ category, data, ...options } as PublishEvent], options);
    return receipt;
  }

  /**
   * Publishes many events: one message per category and per 100 events / 256 KiB (all of one
   * message are stored or none), one message after the other. Resolves with one receipt per
   * message once all are acknowledged.
   */
  async publishMany(
    events: readonly PublishEvent[],
    options: { correlationId?: string } = {},
  ): Promise<PublishReceipt[]> {
    const payloads = events.map((event) => this.payload(event));
    const receipts: PublishReceipt[] = [];
    for (const message of buildEventMessages(payloads, this.topology)) {
      const carried = message.eventIndexes.map((index) => payloads[index]);
      receipts.push(await this.send(message, carried, options.correlationId));
    }
    return receipts;
  }

  private payload(event: PublishEvent): EventPayload {
    return {
      event_id: event.eventId ?? uuidv7(),
      session_id: event.sessionId,
      category: event.category,
      name: this.options.app,
      data: event.data,
      timestamp: eventTimestamp(event.timestamp),
    } as EventPayload;
  }

  private async send(
    message: EventMessage,
    events: EventPayload[],
    correlationId: string | undefined,
  ): Promise<PublishReceipt> {
    const ids = events.map((e) => e.event_id);
    for (const event of events) {
      const tooLarge = eventTooLarge(JSON.stringify(event));
      if (tooLarge) {
        throw new EventlinePublishError(`event ${event.event_id}: ${tooLarge.message}`, 'event_too_large', [
          event.event_id,
        ]);
      }
    }
    const hdrs = headers();
    // Also sets `Nats-Msg-Id`, derived from the signature: the same on every attempt.
    writeEventMessageHeaders(hdrs, message.body, this.signer, correlationId);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const ack: PubAck = await this.js.publish(message.subject, message.body, {
          headers: hdrs,
          timeout: this.timeoutMs,
        });
        return { event_ids: ids, stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        if (attempt >= this.retry.maxAttempts) {
          throw new EventlinePublishError(
            `JetStream did not acknowledge the message after ${attempt} attempts`,
            'not_acknowledged',
            ids,
            { cause: error },
          );
        }
        await sleep(backoffDelayMs(attempt, this.retry));
      }
    }
  }
}
