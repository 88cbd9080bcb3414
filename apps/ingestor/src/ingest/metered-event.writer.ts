import type { InsertManyResult, StoredEvent } from '@eventline/storage';
import type { IngestorMetrics } from '../metrics/ingestor.metrics.js';
import type { EventWriter } from './ingest-batch.service.js';

/** Times each batch write and records its size; the batch service stays free of metrics. */
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
    const done = this.metrics.startWrite(category);
    try {
      const result = await this.writer.insertMany(docs);
      done('ok');
      return result;
    } catch (error) {
      done('error');
      throw error;
    }
  }
}
