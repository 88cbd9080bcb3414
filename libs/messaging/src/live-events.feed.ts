import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, ConsumerMessages, DeliverPolicy, JsMsg } from '@nats-io/jetstream';
import {
  EventHeader,
  EventItem,
  EventTopology,
  formatEventTimestamp,
  GATEWAY_PUBLISHER_ID,
  validateEvent,
  verifyMessageSignature,
} from '@eventline/contracts';
import { NatsConnectionService } from './nats-connection.service.js';

export interface LiveEventsFeedOptions {
  topology: EventTopology;
  /**
   * Publisher id → HMAC secret of the publishers whose messages are shown. A message from anyone
   * else, or whose signature does not match its body, is skipped: the `Eventline-App` header and
   * the events' `name` are only believed once the signature is verified.
   */
  trustedPublishers: ReadonlyMap<string, string>;
  /** How far in the future an event's time may lie (the ingestor's rule, to show what it stores). */
  maxFutureSkewMs: number;
}

interface Running {
  consumer: Consumer;
  messages: ConsumerMessages;
}

/** Receives the events of each message, in stream order. Must not throw. */
export type LiveEventsListener = (events: readonly EventItem[]) => void;

/**
 * Every event stored in the `EVENTS` stream from now on, fanned out to in-process listeners.
 *
 * One ordered consumer (ephemeral, in memory, no acks, delivering only new messages) serves all
 * listeners of a process, so the broker's cost does not grow with the number of viewers; it is
 * created when the first listener arrives and deleted when the last leaves. Unlike a core
 * subscription on `events.>`, it sees only what the stream stored: a message the stream refused
 * or dropped as a duplicate (a retried request) is never shown. After a reconnect the client
 * library recreates it from the last sequence seen, so no stored message is skipped.
 */
export class LiveEventsFeed {
  private readonly listeners = new Set<LiveEventsListener>();
  private running?: Promise<Running>;
  private stopped: Promise<void> = Promise.resolve();

  /** Works over the app's connection, which the app drains at shutdown (after {@link close}). */
  constructor(
    private readonly nats: NatsConnectionService,
    private readonly options: LiveEventsFeedOptions,
  ) {}

  /**
   * Adds a listener. Resolves, with the function that removes it, once the consumer exists: every
   * message stored after that reaches the listener. Rejects when JetStream cannot be reached (also
   * while the app has not yet connected).
   */
  async subscribe(listener: LiveEventsListener): Promise<() => void> {
    this.listeners.add(listener);
    try {
      await (this.running ??= this.start());
    } catch (error) {
      this.listeners.delete(listener);
      this.running = undefined;
      throw error;
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.stop();
    };
  }

  /** How many listeners are attached (for tests and metrics). */
  listenerCount(): number {
    return this.listeners.size;
  }

  /** Drops every listener and deletes the consumer. */
  async close(): Promise<void> {
    this.listeners.clear();
    await this.stop();
  }

  private async start(): Promise<Running> {
    const { topology } = this.options;
    // The stream holds only `events.<category>` subjects: no filter is needed.
    // Throws while the app still waits for NATS: the caller answers 503.
    const consumer = await this.nats.jetstream().consumers.get(topology.eventsStream, {
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    const started = this.running;
    // The ordered consumer recovers from gaps and reconnects itself; should its iterator still
    // fail, the next viewer to connect starts a new one, which feeds every listener. Never an
    // unhandled rejection (it would stop the process).
    this.pump(messages).catch(() => {
      if (this.running === started) this.running = undefined;
    });
    return { consumer, messages };
  }

  /** Deletes the consumer; resolves once every stop begun so far is done (close drains after them). */
  private stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) this.stopped = this.stopped.then(() => deleteConsumer(running));
    return this.stopped;
  }

  private async pump(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      const events = this.eventsOf(message);
      if (events.length === 0) continue;
      for (const listener of this.listeners) listener(events);
    }
  }

  /**
   * The events of a trusted message, in the query answers' shape, checked by the rules the
   * ingestor applies (so what is shown is what will be stored); none for anything else.
   */
  private eventsOf(message: JsMsg): EventItem[] {
    const publisher = message.headers?.get(EventHeader.App);
    const secret = publisher ? this.options.trustedPublishers.get(publisher) : undefined;
    if (!secret || !verifyMessageSignature(message.data, secret, message.headers?.get(EventHeader.Signature)))
      return [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(message.data));
    } catch {
      return [];
    }
    const category = this.options.topology.categoryOf(message.subject);
    const receivedAt = formatEventTimestamp(Number(message.timestampNanos / 1_000_000n) * 1000);
    const items: EventItem[] = [];
    for (const raw of Array.isArray(parsed) ? parsed : [parsed]) {
      const result = validateEvent(raw, {
        maxFutureSkewMs: this.options.maxFutureSkewMs,
        // Only the gateway may speak for any application; it checked each event's key.
        expectedApp: publisher === GATEWAY_PUBLISHER_ID ? undefined : publisher,
      });
      // A message must carry its ids (an assigned one would differ per delivery) and its subject's category.
      const hasId = typeof (raw as { event_id?: unknown } | null)?.event_id === 'string';
      if (!result.ok || !hasId || result.event.category !== category) continue;
      const { ts_us, ...event } = result.event;
      items.push({ ...event, timestamp: formatEventTimestamp(ts_us), received_at: receivedAt });
    }
    return items;
  }
}

/**
 * How long stopping waits for the server to delete the consumer: not long, since an ordered
 * consumer expires by itself after 5 idle minutes, and a shutdown must not hang on it.
 */
const DELETE_WAIT_MS = 2000;

async function deleteConsumer(running: Promise<Running>): Promise<void> {
  const deleted = running.then(
    ({ consumer, messages }) => {
      messages.stop();
      return consumer.delete().catch(() => false);
    },
    () => false,
  );
  await Promise.race([deleted, sleep(DELETE_WAIT_MS, undefined, { ref: false })]);
}
