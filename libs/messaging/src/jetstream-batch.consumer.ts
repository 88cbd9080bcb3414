import { Consumer, ConsumerMessages, JsMsg, jetstream } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';
import { DeadLetterPublisher } from './dead-letter.publisher.js';
import { BatchHandler, InboundMessage, MessageSettlement } from './message-settlement.js';

export interface BatchConsumerOptions {
  /** The category whose durable consumer (`ingest-<category>`) this binds to. */
  category: string;
  /** Most messages handled as one batch (and requested by one pull). */
  batchSize: number;
  /** How long one pull request waits for messages (nats.js minimum: 1 s). */
  fetchExpiresMs: number;
  /** Redelivery delay for a batch whose handler threw, or whose dead letters the broker refused. */
  failureDelayMs: number;
}

/** Where the loop reports trouble; Nest's `Logger` fits. */
export interface ConsumerLog {
  warn(message: unknown, context?: string): void;
  error(message: unknown, context?: string): void;
}

/**
 * Pulls batches from a category's durable consumer and settles every message as the handler
 * decides. Replicas binding to the same durable share its messages (work sharing).
 *
 * A pull asks for at most `batchSize` messages, and the next is only issued once the batch in hand
 * is settled: a slow database slows the pulling rather than piling up messages whose ack wait
 * runs out. Messages arriving while a batch is handled are taken as the next batch, so a quiet
 * stream is handled message by message, a busy one in full batches. While the consumer reports a
 * backlog, a batch waits a moment for the rest of its pull ({@link BACKLOG_ARRIVAL_WAIT_MS}).
 */
export class JetStreamBatchConsumer {
  private consumer?: Consumer;
  private deadLetters?: DeadLetterPublisher;
  private pull?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly topology: EventTopology,
    private readonly options: BatchConsumerOptions,
    private readonly handler: BatchHandler,
    private readonly log: ConsumerLog,
  ) {}

  /**
   * Starts pulling in the background. Binding to the durable consumer (which must exist) is a
   * JetStream request like any pull: while a cluster elects its leaders it times out, and it is
   * retried by the loop rather than failing the start.
   */
  start(): void {
    const js = jetstream(this.nc);
    this.deadLetters = new DeadLetterPublisher(js, this.topology);
    this.loop = this.run();
  }

  /**
   * Stops pulling; the messages already received are still handled and settled before this
   * resolves. The caller then drains the connection so that the acks reach the broker.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pull?.stop();
    await this.loop;
  }

  private async run(): Promise<void> {
    const context = `consumer ${this.options.category}`;
    while (!this.stopping) {
      try {
        this.consumer ??= await jetstream(this.nc).consumers.get(
          this.topology.eventsStream,
          this.topology.consumerName(this.options.category),
        );
        const pull = await this.consumer.fetch({
          max_messages: this.options.batchSize,
          expires: this.options.fetchExpiresMs,
        });
        this.pull = pull;
        if (this.stopping) pull.stop();
        let batch: JsMsg[] = [];
        try {
          for await (const message of pull) {
            batch.push(message);
            if (
              batch.length < this.options.batchSize &&
              pull.getPending() === 0 &&
              message.info.pending > 0 &&
              (await nextArrives(pull))
            )
              continue;
            if (pull.getPending() === 0 || batch.length >= this.options.batchSize) {
              const full = batch;
              batch = [];
              await this.settleBatch(full);
            }
          }
        } finally {
          // Also when the pull failed mid-way: the messages received are still ours to settle.
          if (batch.length > 0) await this.settleBatch(batch);
        }
      } catch (error) {
        // A failed pull (broker restarting, heartbeats missed): what it delivered is settled; pull again.
        if (this.stopping) break;
        this.log.warn(`pull failed, retrying: ${describe(error)}`, context);
        await delay(this.options.failureDelayMs);
      }
    }
  }

  private async settleBatch(messages: JsMsg[]): Promise<void> {
    let settlements: readonly MessageSettlement[];
    try {
      settlements = await this.handler(messages.map(toInbound));
      if (settlements.length !== messages.length)
        throw new Error('handler returned a settlement count unlike the batch');
    } catch (error) {
      this.log.error(
        `batch handler failed; redelivering its messages: ${describe(error)}`,
        `consumer ${this.options.category}`,
      );
      settlements = messages.map(() => ({ kind: 'nak', delayMs: this.options.failureDelayMs }));
    }
    await Promise.all(messages.map((message, i) => this.settle(message, settlements[i])));
  }

  private async settle(message: JsMsg, settlement: MessageSettlement): Promise<void> {
    if (settlement.kind === 'nak') {
      message.nak(settlement.delayMs);
      return;
    }
    try {
      await Promise.all(
        settlement.deadLetters.map((letter) =>
          this.deadLetters!.publish(
            { subject: message.subject, streamSequence: message.seq, headers: message.headers },
            letter,
          ),
        ),
      );
    } catch (error) {
      // Not parked, so not finished: redeliver and try again.
      this.log.warn(
        `dead-lettering message ${message.seq} failed: ${describe(error)}`,
        `consumer ${this.options.category}`,
      );
      message.nak(this.options.failureDelayMs);
      return;
    }
    // Not awaited (ackAck): the outcome is already durable, and a lost ack only means one
    // redelivery, which the event ids de-duplicate. Awaiting each ack cost a round trip per message.
    if (settlement.kind === 'ack') message.ack();
    else message.term();
  }
}

function toInbound(message: JsMsg): InboundMessage {
  return {
    subject: message.subject,
    body: message.data,
    header: (name) => message.headers?.get(name) || undefined,
    streamSequence: message.seq,
    storedAt: new Date(Number(message.timestampNanos / 1_000_000n)),
    deliveryCount: message.info.deliveryCount,
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// A pull's messages arrive a socket read (~64 KiB) at a time: with 30 KB messages the first read
// holds two. Handled as they came, a backlog was written as batches of 2 and 498 messages, and
// every batch also writes its sessions' summaries: the drain bench's batches of 2 updated 200
// summaries for 200 events (docs/benchmarks.md, "Sixth round"). So while the broker says more
// messages are pending, the batch waits this long for the next one: at 5 ms, with the machine's
// two cores busy, a pull of 500 was still cut in two now and then (6 batches for 200,000 events);
// at 25 ms, every batch of three drains was whole (4). Another replica's pull may take the
// messages instead: the wait is short beside a batch's write, and only paid when this one is behind.
const BACKLOG_ARRIVAL_WAIT_MS = 25;

/** Waits until the pull holds another message, or {@link BACKLOG_ARRIVAL_WAIT_MS} passed. */
async function nextArrives(pull: ConsumerMessages): Promise<boolean> {
  const deadline = performance.now() + BACKLOG_ARRIVAL_WAIT_MS;
  while (pull.getPending() === 0 && performance.now() < deadline) await delay(1);
  return pull.getPending() > 0;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
