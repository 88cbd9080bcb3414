import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { headers, NatsConnection } from '@nats-io/transport-node';
import { EventHeader, EventTopology, signMessage } from '@eventline/contracts';
import {
  buildEventMessages,
  DEFAULT_MESSAGE_LIMITS,
  MessageLimits,
  PublishedEvent,
} from './event-message.builder.js';
import {
  DEFAULT_PROVISION_OPTIONS,
  ProvisionOptions,
  provisionTopology,
} from './jetstream-topology.provisioner.js';
import { JetStreamHealthProbe } from './jetstream-health.probe.js';
import { connectNats, NatsConnectionOptions } from './nats-connection.factory.js';

export interface EventPublisherOptions {
  topology: EventTopology;
  /** The `Eventline-App` header: `GATEWAY_PUBLISHER_ID` for the gateway, else the application name. */
  publisherId: string;
  /** The publisher's secret; the ingestor knows it under `publisherId`. */
  signingSecret: string;
  /** How long to wait for each PubAck before the events count as not accepted. */
  publishTimeoutMs: number;
  limits?: MessageLimits;
}

/** What became of one event handed to {@link EventPublisher.publish}. */
export type EventPublishOutcome =
  | { status: 'accepted'; seq: number }
  /** The stream already held this message (same `Nats-Msg-Id` within its duplicate window). */
  | { status: 'duplicate'; seq: number }
  /** No PubAck: the broker is unreachable, timed out, or refused. The event may be retried. */
  | { status: 'failed'; reason: string };

/**
 * Publishes events to JetStream under the message contract (subjects, `Nats-Msg-Id`, signature)
 * and owns its NATS connection. All messages of a call are published at once and their PubAcks
 * awaited together: awaiting them one by one would cost a round trip per message.
 */
export class EventPublisher {
  private readonly js: JetStreamClient;
  private connected = true;

  /** Takes ownership of `nc`: {@link close} drains it. */
  constructor(
    private readonly nc: NatsConnection,
    private readonly options: EventPublisherOptions,
  ) {
    this.js = jetstream(nc);
    void this.watchConnection();
  }

  /** Connects (waiting for the first connection, then reconnecting forever) and returns a publisher. */
  static async connect(
    connection: NatsConnectionOptions,
    options: EventPublisherOptions,
  ): Promise<EventPublisher> {
    return new EventPublisher(await connectNats(connection), options);
  }

  /** Provisions the streams and consumers (see {@link provisionTopology}) on this connection. */
  provisionTopology(
    categories: readonly string[],
    options: ProvisionOptions = DEFAULT_PROVISION_OPTIONS,
  ): Promise<void> {
    return provisionTopology(this.nc, this.options.topology, categories, options);
  }

  /** Readiness over this publisher's connection: the server answers, and the events stream exists. */
  healthProbe(): JetStreamHealthProbe {
    return new JetStreamHealthProbe(this.nc, [this.options.topology.eventsStream]);
  }

  /** True while connected to a server (false during a reconnect and after close). */
  isConnected(): boolean {
    return this.connected && !this.nc.isClosed();
  }

  /**
   * Publishes the events and resolves with one outcome per event, in input order. Never rejects:
   * a failed message makes its events `failed`, and resolves within `publishTimeoutMs`.
   */
  async publish(
    events: readonly PublishedEvent[],
    context: { correlationId?: string } = {},
  ): Promise<EventPublishOutcome[]> {
    const outcomes: EventPublishOutcome[] = new Array(events.length);
    const messages = buildEventMessages(
      events,
      this.options.topology,
      this.options.limits ?? DEFAULT_MESSAGE_LIMITS,
    );
    if (!this.isConnected()) {
      // Answer at once rather than queueing behind a reconnect: the caller can retry, and a
      // message buffered now would otherwise reach the stream after it was reported as failed.
      for (let i = 0; i < events.length; i++)
        outcomes[i] = { status: 'failed', reason: 'not connected to NATS' };
      return outcomes;
    }
    const acks = await Promise.allSettled(
      messages.map((message) => {
        const h = headers();
        h.set(EventHeader.App, this.options.publisherId);
        h.set(EventHeader.Signature, signMessage(message.body, this.options.signingSecret));
        if (context.correlationId) h.set(EventHeader.CorrelationId, context.correlationId);
        return this.js.publish(message.subject, message.body, {
          msgID: message.msgId,
          headers: h,
          timeout: this.options.publishTimeoutMs,
        });
      }),
    );
    acks.forEach((ack, m) => {
      const outcome: EventPublishOutcome =
        ack.status === 'fulfilled'
          ? { status: ack.value.duplicate ? 'duplicate' : 'accepted', seq: ack.value.seq }
          : { status: 'failed', reason: describe(ack.reason) };
      for (const index of messages[m].eventIndexes) outcomes[index] = outcome;
    });
    return outcomes;
  }

  /** Flushes what is in flight and closes the connection. */
  async close(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain();
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.nc.status()) {
      if (status.type === 'disconnect') this.connected = false;
      else if (status.type === 'reconnect') this.connected = true;
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
