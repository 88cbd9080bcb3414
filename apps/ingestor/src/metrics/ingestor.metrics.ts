import { Inject, Injectable, Optional } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { categoryLabel, DURATION_SECONDS_BUCKETS, METRICS_REGISTRY } from '@eventline/observability';
import type { CategoryConsumerStats } from '@eventline/messaging';
import { CONSUMER_STATS_READER, type ConsumerStatsReader } from './consumer-stats.reader.js';

// One scrape reads JetStream once for all of its gauges; several gauges collect in parallel.
const STATS_TTL_MS = 1_000;

/** The ingestor's metrics; names and meaning are listed in docs/operations.md. */
@Injectable()
export class IngestorMetrics {
  private readonly batchSize: Histogram<'category'>;
  private readonly writeDuration: Histogram<'category' | 'outcome'>;
  private readonly sessionsWriteDuration: Histogram<'category' | 'outcome'>;
  private readonly stored: Counter<'category'>;
  private readonly duplicates: Counter<'category'>;
  private readonly deadLetters: Counter<'category' | 'reason'>;
  private readonly retried: Counter<'category'>;
  private statsRead?: { at: number; value: Promise<JetStreamState | undefined> };

  constructor(
    @Inject(METRICS_REGISTRY) registry: Registry,
    @Optional() @Inject(CONSUMER_STATS_READER) private readonly reader?: ConsumerStatsReader,
  ) {
    const registers = [registry];
    this.batchSize = new Histogram({
      name: 'eventline_ingestor_batch_size',
      help: 'Events written per insertMany batch.',
      labelNames: ['category'],
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      registers,
    });
    this.writeDuration = new Histogram({
      name: 'eventline_ingestor_write_duration_seconds',
      help: 'Duration of one batch write to MongoDB (insertMany, majority write concern).',
      labelNames: ['category', 'outcome'],
      buckets: DURATION_SECONDS_BUCKETS,
      registers,
    });
    this.sessionsWriteDuration = new Histogram({
      name: 'eventline_ingestor_sessions_write_duration_seconds',
      help: "Duration of one batch's session summaries write to MongoDB (bulkWrite of upserts, after the events' insertMany).",
      labelNames: ['category', 'outcome'],
      buckets: DURATION_SECONDS_BUCKETS,
      registers,
    });
    this.stored = new Counter({
      name: 'eventline_ingestor_events_stored_total',
      help: 'Events newly stored in MongoDB.',
      labelNames: ['category'],
      registers,
    });
    this.duplicates = new Counter({
      name: 'eventline_ingestor_events_duplicate_total',
      help: 'Events already stored (duplicate _id): acknowledged without a second copy.',
      labelNames: ['category'],
      registers,
    });
    this.deadLetters = new Counter({
      name: 'eventline_ingestor_dead_letters_total',
      help: 'Messages this process parked on the DLQ, by reason: one per invalid event, or one per message failing verification.',
      labelNames: ['category', 'reason'],
      registers,
    });
    this.retried = new Counter({
      name: 'eventline_ingestor_messages_retried_total',
      help: 'Messages negatively acknowledged for redelivery because a dependency failed.',
      labelNames: ['category'],
      registers,
    });
    const consumerGauge = (name: string, help: string, pick: (s: CategoryConsumerStats) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['category'],
        registers,
        collect: async function (this: Gauge<'category'>) {
          const state = await read();
          for (const stats of state?.consumers ?? []) this.set({ category: stats.category }, pick(stats));
        },
      });
    const read = () => this.readState();
    consumerGauge(
      'eventline_consumer_pending_messages',
      'Messages in the EVENTS stream not yet delivered to the category consumer (backlog).',
      (s) => s.pending,
    );
    consumerGauge(
      'eventline_consumer_ack_pending_messages',
      'Messages delivered to an ingestor and not yet acknowledged.',
      (s) => s.ackPending,
    );
    consumerGauge(
      'eventline_consumer_redelivered_messages',
      'Messages delivered more than once and still unacknowledged.',
      (s) => s.redelivered,
    );
    new Gauge({
      name: 'eventline_dlq_messages',
      help: 'Messages held in the EVENTS_DLQ stream, by category.',
      labelNames: ['category'],
      registers,
      collect: async function (this: Gauge<'category'>) {
        const state = await read();
        for (const [category, count] of Object.entries(state?.deadLetters ?? {}))
          this.set({ category }, count);
      },
    });
  }

  batchWritten(category: string, size: number): void {
    this.batchSize.observe({ category: categoryLabel(category) }, size);
  }

  /** Starts timing one batch write; call the returned function with its outcome once settled. */
  startWrite(category: string): (outcome: 'ok' | 'error') => void {
    const end = this.writeDuration.startTimer({ category: categoryLabel(category) });
    return (outcome) => end({ outcome });
  }

  /** Starts timing one batch's session summaries write; call the returned function with its outcome. */
  startSessionsWrite(category: string): (outcome: 'ok' | 'error') => void {
    const end = this.sessionsWriteDuration.startTimer({ category: categoryLabel(category) });
    return (outcome) => end({ outcome });
  }

  eventsStored(category: string, count: number): void {
    if (count > 0) this.stored.inc({ category: categoryLabel(category) }, count);
  }

  eventsDuplicate(category: string, count: number): void {
    if (count > 0) this.duplicates.inc({ category: categoryLabel(category) }, count);
  }

  deadLettered(category: string, reason: string, count = 1): void {
    this.deadLetters.inc({ category: categoryLabel(category), reason }, count);
  }

  messagesRetried(category: string, count = 1): void {
    this.retried.inc({ category: categoryLabel(category) }, count);
  }

  private readState(): Promise<JetStreamState | undefined> {
    const reader = this.reader;
    if (!reader) return Promise.resolve(undefined);
    const now = Date.now();
    if (!this.statsRead || now - this.statsRead.at > STATS_TTL_MS) {
      // A failed read (NATS down) keeps the gauges' last values rather than failing the scrape.
      const value = Promise.all([reader.consumerStats(), reader.deadLetterCounts()]).then(
        ([consumers, deadLetters]) => ({ consumers, deadLetters }),
        () => undefined,
      );
      this.statsRead = { at: now, value };
    }
    return this.statsRead.value;
  }
}

interface JetStreamState {
  consumers: CategoryConsumerStats[];
  deadLetters: Record<string, number>;
}
