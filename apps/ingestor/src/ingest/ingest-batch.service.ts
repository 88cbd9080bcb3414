import { ErrorCode } from '@eventline/contracts';
import type { InboundMessage } from '@eventline/messaging';
import { InsertManyResult, StorageUnavailableError, StoredEvent } from '@eventline/storage';
import { IngestOutcome } from './ingest.outcome.js';
import { Inspection, MessageInspector } from './message.inspector.js';
import { retryDelayMs } from './retry.policy.js';

/** The storage calls the ingest needs: the repositories in production, a fake in unit tests. */
export interface EventWriter {
  /** Stores the events (`EventsRepository`); duplicates count as stored. */
  insertMany(docs: readonly StoredEvent[]): Promise<InsertManyResult>;
  /**
   * Merges the stored events into their sessions' summaries (`SessionSummariesRepository`),
   * duplicates included: a redelivery may follow a crash between the two writes.
   */
  recordSessions(docs: readonly StoredEvent[], duplicateIndexes: ReadonlySet<number>): Promise<unknown>;
}

export interface IngestBatchOptions {
  /** The consumer's max_deliver: the delivery that must not end in a nak. */
  maxDeliver: number;
  nakBaseDelayMs: number;
  nakMaxDelayMs: number;
}

/**
 * Decides the outcome of every message of a batch: inspects each, writes all valid events of the
 * batch with one `insertMany`, then their sessions' summaries with one `bulkWrite`, and only
 * reports `stored` once the database confirmed both: a message is acknowledged only when what the
 * queries read of it is written. A failure of either is a retry, and both writes are idempotent.
 */
export class IngestBatchService {
  constructor(
    private readonly inspector: MessageInspector,
    private readonly writer: EventWriter,
    private readonly options: IngestBatchOptions,
  ) {}

  async handle(messages: readonly InboundMessage[]): Promise<IngestOutcome[]> {
    const inspections = messages.map((message) => this.inspector.inspect(message));
    const documents = inspections.flatMap((inspection) =>
      inspection.kind === 'accepted' ? inspection.documents : [],
    );
    let written: InsertManyResult | StorageUnavailableError;
    try {
      const result = await this.writer.insertMany(documents);
      if (documents.length > 0) await this.writer.recordSessions(documents, result.duplicateIndexes);
      written = result;
    } catch (error) {
      if (!(error instanceof StorageUnavailableError)) throw error;
      written = error;
    }
    let offset = 0; // where each message's documents start in `documents`
    return messages.map((message, i) => {
      const inspection = inspections[i];
      const first = offset;
      if (inspection.kind === 'accepted') offset += inspection.documents.length;
      return this.outcomeOf(message, inspection, first, written);
    });
  }

  private outcomeOf(
    message: InboundMessage,
    inspection: Inspection,
    firstDocument: number,
    written: InsertManyResult | StorageUnavailableError,
  ): IngestOutcome {
    if (inspection.kind === 'rejected') return { kind: 'dead_letter', letter: inspection.letter };
    if (written instanceof StorageUnavailableError) {
      // The broker would not deliver it again after a nak on its last delivery: park it instead.
      if (message.deliveryCount >= this.options.maxDeliver) {
        return {
          kind: 'dead_letter',
          letter: {
            body: message.body,
            reason: ErrorCode.DeliveryLimitReached,
            detail: `not stored after ${message.deliveryCount} deliveries; last error: ${written.message}`,
          },
        };
      }
      return {
        kind: 'retry_later',
        delayMs: retryDelayMs(message.deliveryCount, this.options.nakBaseDelayMs, this.options.nakMaxDelayMs),
        reason: written.message,
      };
    }
    const duplicates = inspection.documents.filter((_, i) =>
      written.duplicateIndexes.has(firstDocument + i),
    ).length;
    if (duplicates === inspection.documents.length && inspection.rejectedEvents.length === 0) {
      return { kind: 'duplicate', duplicates };
    }
    return {
      kind: 'stored',
      inserted: inspection.documents.length - duplicates,
      duplicates,
      deadLetters: inspection.rejectedEvents,
    };
  }
}
