/** The process's one prom-client Registry: every metric of the app registers here. */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * Reads the JetStream state the ingestor's gauges show (pending, redeliveries, DLQ depth). It is
 * an interface because only libs/messaging talks to NATS; the ingestor provides the reader.
 */
export const CONSUMER_STATS_READER = Symbol('CONSUMER_STATS_READER');
