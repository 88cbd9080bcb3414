import { jest } from '@jest/globals';
import { Registry } from 'prom-client';
import { ConsumerStatsReader } from './consumer-stats.reader.js';
import { IngestorMetrics } from './ingestor.metrics.js';

function fakeReader(pending: number) {
  const reader = {
    reads: 0,
    fail: false,
    pending,
    async consumerStats() {
      reader.reads++;
      if (reader.fail) throw new Error('NATS down');
      return [{ category: 'party', pending: reader.pending, ackPending: 3, redelivered: 1 }];
    },
    async deadLetterCounts() {
      return { party: 7 };
    },
  };
  return reader satisfies ConsumerStatsReader;
}

describe('IngestorMetrics', () => {
  it('refreshes the consumer and DLQ gauges from JetStream on scrape, reading once per scrape', async () => {
    const registry = new Registry();
    const reader = fakeReader(42);
    new IngestorMetrics(registry, reader);
    const text = await registry.metrics();
    expect(text).toContain('eventline_consumer_pending_messages{category="party"} 42');
    expect(text).toContain('eventline_consumer_ack_pending_messages{category="party"} 3');
    expect(text).toContain('eventline_consumer_redelivered_messages{category="party"} 1');
    expect(text).toContain('eventline_dlq_messages{category="party"} 7');
    expect(reader.reads).toBe(1);
  });

  it('keeps the last values when JetStream cannot be read, instead of failing the scrape', async () => {
    const registry = new Registry();
    const reader = fakeReader(42);
    new IngestorMetrics(registry, reader);
    await registry.metrics();
    reader.fail = true;
    reader.pending = 99;
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    jest.setSystemTime(Date.now() + 1_100);
    const text = await registry.metrics().finally(() => jest.useRealTimers());
    expect(reader.reads).toBe(2);
    expect(text).toContain('eventline_consumer_pending_messages{category="party"} 42');
  });

  it('counts stored, duplicate and dead-lettered events', async () => {
    const registry = new Registry();
    const metrics = new IngestorMetrics(registry);
    metrics.eventsStored('party', 5);
    metrics.eventsDuplicate('party', 1);
    metrics.deadLettered('party', 'invalid_data');
    metrics.batchWritten('party', 6);
    const text = await registry.metrics();
    expect(text).toContain('eventline_ingestor_events_stored_total{category="party"} 5');
    expect(text).toContain('eventline_ingestor_events_duplicate_total{category="party"} 1');
    expect(text).toContain('eventline_ingestor_dead_letters_total{category="party",reason="invalid_data"} 1');
    expect(text).toContain('eventline_ingestor_batch_size_sum{category="party"} 6');
  });
});
