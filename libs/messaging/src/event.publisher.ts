import { headers } from '@nats-io/transport-node';
import {
  packEventMessages,
  writeEventMessageHeaders,
  EventTopology,
  MessageLimits,
  MessagePublisher,
  SerializedEvent,
} from '@eventline/contracts';
import { ioTurnBarrier } from './io-turn.barrier.js';
import { NatsConnectionService } from './nats-connection.service.js';
import { PubAckTracker } from './pub-ack.tracker.js';

export interface EventPublisherOptions {
  topology: EventTopology;
  /** The `Eventline-App` header: `GATEWAY_PUBLISHER_ID` for the gateway, else the application name. */
  publisherId: string;
  /** The publisher's secret; the ingestor knows it under `publisherId`. */
  signingSecret: string;
  /** How long to wait for each PubAck before the events count as not accepted. */
  publishTimeoutMs: number;
  /** Default: the contract's MESSAGE_LIMITS. */
  limits?: MessageLimits;
}

/** What became of one event handed to {@link EventPublisher.publish}. */
export type EventPublishOutcome =
  | { status: 'accepted'; seq: number }
  /**
   * The stream already held this message (same `Nats-Msg-Id`, i.e. the same signed bytes, within
   * its duplicate window): only a message this publisher signed can be a duplicate of it.
   */
  | { status: 'duplicate'; seq: number }
  /** No PubAck: the broker is unreachable, timed out, or refused. The event may be retried. */
  | { status: 'failed'; reason: string };

/**
 * Publishes events to JetStream under the message contract (subjects, signature, and the
 * `Nats-Msg-Id` derived from it)
 * over the app's connection ({@link NatsConnectionService}). All messages of a call are published
 * at once and their PubAcks awaited together: awaiting them one by one would cost a round trip per
 * message. The calls of one I/O phase (the requests the event loop read together) publish in the
 * same turn, so their messages leave in one socket write ({@link ioTurnBarrier}). PubAcks are
 * matched by a {@link PubAckTracker}, not nats.js's per-publish request.
 */
export class EventPublisher {
  private readonly signer: MessagePublisher;
  private acks?: PubAckTracker;

  constructor(
    private readonly nats: Pick<NatsConnectionService, 'isConnected' | 'connection' | 'newInbox'>,
    private readonly options: EventPublisherOptions,
  ) {
    this.signer = { id: options.publisherId, secret: options.signingSecret };
  }

  /** True while connected to a server (false before NATS was reached, during a reconnect, after close). */
  isConnected(): boolean {
    return this.nats.isConnected();
  }

  /**
   * Publishes the events (each serialised once by the caller, `serializeEvent`, which may have
   * checked its size on those bytes) and resolves with one outcome per event, in input order.
   * Never rejects: a failed message makes its events `failed`, and resolves within
   * `publishTimeoutMs`.
   */
  async publish(
    events: readonly SerializedEvent[],
    context: { correlationId?: string } = {},
  ): Promise<EventPublishOutcome[]> {
    const outcomes: EventPublishOutcome[] = new Array(events.length);
    const messages = packEventMessages(events, this.options.topology, this.options.limits);
    // Published with the other requests of this I/O phase: one socket write for all of them.
    await ioTurnBarrier();
    if (!this.isConnected()) {
      // Answer at once rather than queueing behind a reconnect: the caller can retry, and a
      // message buffered now would otherwise reach the stream after it was reported as failed.
      for (let i = 0; i < events.length; i++)
        outcomes[i] = { status: 'failed', reason: 'not connected to NATS' };
      return outcomes;
    }
    const tracker = this.tracker();
    const acks = await Promise.allSettled(
      messages.map((message) => {
        const h = headers();
        writeEventMessageHeaders(h, message.body, this.signer, context.correlationId);
        return tracker.publish(message.subject, message.body, h);
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

  // One tracker per connection, and a new one if its subscription ended (a permissions change can
  // end it while the connection lives; nats.js makes its request inbox again in that case too).
  private tracker(): PubAckTracker {
    const connection = this.nats.connection();
    if (this.acks?.connection !== connection || this.acks.isClosed()) {
      this.acks?.close();
      this.acks = new PubAckTracker(connection, this.nats.newInbox(), this.options.publishTimeoutMs);
    }
    return this.acks;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
