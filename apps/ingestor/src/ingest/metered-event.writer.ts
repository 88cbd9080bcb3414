import type { InsertManyResult, StoredEvent } from '@eventline/storage';
import type { IngestorMetrics } from '../metrics/ingestor.metrics.js';
import type { EventWriter } from './ingest-batch.service.js';

/** Times each batch's writes and records their sizes; the batch service stays free of metrics. */
export class MeteredEventWriter implements EventWriter {
  constructor(
    private readonly writer: EventWriter,
    private readonly metrics: IngestorMetrics,
  ) {}

  async insertMany(docs: readonly StoredEvent[]): Promise<InsertManyResult> {
    if (docs.length === 0) return this.writer.insertMany(docs);
    // A consumer's batch holds one category's events.
    const category = docs[0].category;
    this.metrics.batchWritten(category, docs.length);
    return this.timed(this.metrics.startWrite(category), () => this.writer.insertMany(docs));
  }

  async recordSessions(
    docs: readonly StoredEvent[],
    duplicateIndexes: ReadonlySet<number>,
  ): Promise<unknown> {
    if (docs.length === 0) return this.writer.recordSessions(docs, duplicateIndexes);
    return this.timed(this.metrics.startSessionsWrite(docs[0].category), () =>
      this.writer.recordSessions(docs, duplicateIndexes),
    );
  }

  private async timed<T>(done: (outcome: 'ok' | 'error') => void, write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      done('ok');
      return result;
    } catch (error) {
      done('error');
      throw error;
    }
  }
}
