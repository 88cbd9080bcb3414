/** One durable consumer's backlog as JetStream reports it. */
export interface ConsumerStats {
  category: string;
  /** Messages in the stream the consumer has not been delivered yet. */
  pending: number;
  /** Delivered and not yet acknowledged. */
  ackPending: number;
  /** Delivered more than once and not yet acknowledged. */
  redelivered: number;
}

/** What the ingestor's scrape-time gauges read; implemented over NATS by libs/messaging. */
export interface ConsumerStatsReader {
  consumerStats(): Promise<ConsumerStats[]>;
  /** Messages parked in the DLQ stream, by category. */
  deadLetterCounts(): Promise<Record<string, number>>;
}
