import type { JetStreamStatsReader } from '@eventline/messaging';

/**
 * What the ingestor's scrape-time gauges read (consumer backlog, DLQ depth): the part of
 * libs/messaging's `JetStreamStatsReader` they use, so that a unit test can fake it.
 */
export type ConsumerStatsReader = Pick<JetStreamStatsReader, 'consumerStats' | 'deadLetterCounts'>;

/** Injection token of the {@link ConsumerStatsReader}. */
export const CONSUMER_STATS_READER = Symbol('CONSUMER_STATS_READER');
