import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { EventTopology } from '@eventline/contracts';
import {
  InboundMessage,
  JetStreamBatchConsumer,
  MaxDeliveriesWatcher,
  MessageSettlement,
  NatsConnectionService,
  type NatsConnection,
} from '@eventline/messaging';
import { IngestorConfig } from '../ingestor.config.js';
import { IngestorMetrics } from '../metrics/ingestor.metrics.js';
import { IngestBatchService } from './ingest-batch.service.js';
import { IngestOutcome, settlementFor } from './ingest.outcome.js';

/**
 * Binds one batch consumer per configured category once NATS is ready (at start-up, or later if
 * NATS was absent then) and stops them (settling the batch in hand) at shutdown. The message
 * handler itself is one line: outcomes → settlements.
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestConsumer.name);
  private readonly consumers: JetStreamBatchConsumer[] = [];
  private watcher?: MaxDeliveriesWatcher;

  constructor(
    private readonly nats: NatsConnectionService,
    private readonly topology: EventTopology,
    private readonly config: IngestorConfig,
    private readonly ingest: IngestBatchService,
    private readonly metrics: IngestorMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.nats.whenReady((nc) => this.start(nc));
  }

  private async start(nc: NatsConnection): Promise<void> {
    for (const category of this.config.categories()) {
      const consumer = new JetStreamBatchConsumer(
        nc,
        this.topology,
        {
          category,
          batchSize: this.config.INGEST_BATCH_SIZE,
          fetchExpiresMs: this.config.FETCH_EXPIRES_MS,
          failureDelayMs: this.config.NAK_BASE_DELAY_MS,
        },
        (messages) => this.handle(category, messages),
        this.logger,
      );
      consumer.start();
      this.consumers.push(consumer);
    }
    this.watcher = new MaxDeliveriesWatcher(nc, this.topology, this.config.categories(), this.logger);
    this.watcher.start();
    this.logger.log({ msg: 'consuming', categories: this.config.categories() });
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.watcher?.stop();
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    this.logger.log({ msg: 'consumers stopped' });
  }

  private async handle(category: string, messages: readonly InboundMessage[]): Promise<MessageSettlement[]> {
    const outcomes = await this.ingest.handle(messages);
    this.report(category, outcomes);
    return outcomes.map(settlementFor);
  }

  // One line per batch: operators (and the fault tests) read what each replica did from it.
  private report(category: string, outcomes: readonly IngestOutcome[]): void {
    const summary = {
      msg: 'batch settled',
      category,
      messages: outcomes.length,
      inserted: 0,
      duplicates: 0,
      dead_lettered: 0,
      retried: 0,
    };
    let retryReason: string | undefined;
    for (const outcome of outcomes) {
      if (outcome.kind === 'stored') {
        summary.inserted += outcome.inserted;
        summary.duplicates += outcome.duplicates;
        summary.dead_lettered += outcome.deadLetters.length;
        for (const letter of outcome.deadLetters) this.metrics.deadLettered(category, letter.reason);
      } else if (outcome.kind === 'duplicate') summary.duplicates += outcome.duplicates;
      else if (outcome.kind === 'dead_letter') {
        summary.dead_lettered++;
        this.metrics.deadLettered(category, outcome.letter.reason);
      } else {
        summary.retried++;
        retryReason = outcome.reason;
      }
    }
    this.metrics.eventsStored(category, summary.inserted);
    this.metrics.eventsDuplicate(category, summary.duplicates);
    if (summary.retried > 0) this.metrics.messagesRetried(category, summary.retried);
    if (retryReason) this.logger.warn({ ...summary, error: retryReason });
    else this.logger.log(summary);
  }
}
