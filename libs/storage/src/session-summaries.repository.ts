import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { describeWriteError, duplicateKeyIndexes } from './mongo-write.errors.js';
import { StoredEvent } from './event.schema.js';
import {
  SESSION_EVENT_FIELDS,
  SessionEventFields,
  sessionActivities,
  sessionUpsert,
} from './session-activity.js';
import { SessionSummary } from './session-summary.schema.js';
import { StorageUnavailableError } from './storage-unavailable.error.js';
import { STORAGE_OPTIONS, type StorageOptions } from './storage.options.js';

// Two upserts of one new session at once may both try the insert; the loser is retried as an
// update. MongoDB retries such upserts itself (since 4.2); this covers servers that do not.
const UPSERT_ATTEMPTS = 3;

/**
 * Write side of the `sessions` collection: merges events into their sessions' summaries, one
 * unordered `bulkWrite` of one idempotent upsert per distinct session ({@link sessionUpsert}).
 */
@Injectable()
export class SessionSummariesRepository {
  constructor(
    @InjectModel(SessionSummary.name) private readonly sessions: Model<SessionSummary>,
    @InjectModel(StoredEvent.name) private readonly events: Model<StoredEvent>,
    @Inject(STORAGE_OPTIONS) private readonly options: Required<StorageOptions>,
  ) {}

  /**
   * Merges what an `insertMany` stored into the summaries: the documents it inserted as given,
   * and for those it found already there (`duplicateIndexes`) the stored copy, read back — a
   * redelivery's documents are the stored ones, but an event id reused for another event is not,
   * and the summary describes what is stored. Returns the number of sessions written. Throws
   * {@link StorageUnavailableError} when either step is not confirmed.
   */
  async recordStored(docs: readonly StoredEvent[], duplicateIndexes: ReadonlySet<number>): Promise<number> {
    const events: SessionEventFields[] = docs.filter((_, i) => !duplicateIndexes.has(i));
    if (duplicateIndexes.size > 0) {
      const ids = [...duplicateIndexes].map((i) => docs[i]._id);
      events.push(...(await this.storedSessionFields(ids)));
    }
    return this.record(events);
  }

  /**
   * Merges the events' sessions into their summaries; returns the number of sessions written.
   * Any failure but a lost insert race is a {@link StorageUnavailableError}: nothing may be
   * assumed written, and writing it all again is harmless.
   */
  async record(events: Iterable<SessionEventFields>): Promise<number> {
    let operations = sessionActivities(events).map(sessionUpsert);
    const sessions = operations.length;
    for (let attempt = 1; operations.length > 0; attempt++) {
      try {
        await this.collection().bulkWrite(operations, {
          ordered: false,
          writeConcern: this.options.writeConcern,
        });
        operations = [];
      } catch (error) {
        const lost = attempt < UPSERT_ATTEMPTS ? duplicateKeyIndexes(error) : undefined;
        if (!lost) {
          throw new StorageUnavailableError(
            `bulkWrite of ${operations.length} session summaries failed: ${describeWriteError(error)}`,
            { cause: error },
          );
        }
        operations = operations.filter((_, i) => lost.has(i));
      }
    }
    return sessions;
  }

  private async storedSessionFields(ids: readonly string[]): Promise<SessionEventFields[]> {
    try {
      return await this.events
        .find({ _id: { $in: ids } })
        .select(SESSION_EVENT_FIELDS)
        .lean<SessionEventFields[]>()
        .exec();
    } catch (error) {
      throw new StorageUnavailableError(
        `reading ${ids.length} stored events failed: ${describeWriteError(error)}`,
        {
          cause: error,
        },
      );
    }
  }

  // The driver's collection, as EventsRepository writes: no Mongoose casting of the operators.
  private collection() {
    const db = this.sessions.db.db;
    if (!db) throw new StorageUnavailableError('not connected to MongoDB');
    return db.collection<SessionSummary>(this.sessions.collection.collectionName);
  }
}
