import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { ErrorCode, EventTopology } from '@eventline/contracts';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import type { ConsumerLog } from './jetstream-batch.consumer.js';

interface MaxDeliveriesAdvisory {
  stream_seq: number;
  deliveries: number;
}

/**
 * Parks on the DLQ the messages the broker gave up on (max_deliver reached without an ack), from
 * JetStream's MAX_DELIVERIES advisory. The batch consumer dead-letters a message on its last
 * delivery itself; this catches what it cannot see: a message whose deliveries all ended in a crash
 * or an expired ack wait. One replica handles each advisory (queue group), and a letter is keyed by
 * the original's sequence, so a message parked by both paths is parked once.
 *
 * Advisories are core NATS messages: one published while no ingestor is connected is lost, and the
 * message then stays in the EVENTS stream (see docs/architecture.md).
 */
export class MaxDeliveriesWatcher {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly nc: NatsConnection,
    private readonly topology: EventTopology,
    private readonly categories: readonly string[],
    private readonly log: ConsumerLog,
  ) {}

  start(): void {
    const deadLetters = new DeadLetterPublisher(jetstream(this.nc), this.topology);
    // No API check: that is a request made now, and its failure (a cluster electing leaders) would
    // be an unhandled rejection, nothing awaiting the manager until an advisory arrives.
    const jsm = jetstreamManager(this.nc, { checkAPI: false });
    for (const category of this.categories) {
      const consumer = this.topology.consumerName(category);
      const subject = `$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.${this.topology.eventsStream}.${consumer}`;
      this.subscriptions.push(
        this.nc.subscribe(subject, {
          queue: `${consumer}-max-deliveries`,
          callback: (error, msg) => {
            if (!error) void this.park(msg, deadLetters, jsm);
          },
        }),
      );
    }
  }

  stop(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }

  private async park(
    msg: Msg,
    deadLetters: DeadLetterPublisher,
    jsm: ReturnType<typeof jetstreamManager>,
  ): Promise<void> {
    try {
      const advisory = msg.json<MaxDeliveriesAdvisory>();
      const { streams } = await jsm;
      const stored = await streams.getMessage(this.topology.eventsStream, { seq: advisory.stream_seq });
      if (!stored) return;
      await deadLetters.publish(
        { subject: stored.subject, streamSequence: stored.seq, headers: stored.header },
        {
          body: stored.data,
          reason: ErrorCode.DeliveryLimitReached,
          detail: `delivered ${advisory.deliveries} times without being settled`,
        },
      );
      // Parked, so settled: EVENTS (interest retention) would otherwise hold it, and its bytes, forever.
      await streams.deleteMessage(this.topology.eventsStream, stored.seq);
    } catch (error) {
      this.log.error(
        `could not park a message past max_deliver: ${error instanceof Error ? error.message : String(error)}`,
        'MaxDeliveriesWatcher',
      );
    }
  }
}
