import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { sessionKey } from '@eventline/contracts';
import { StoredEvent } from './event.schema.js';
import { describeWriteError, duplicateKeyIndexes } from './mongo-write.errors.js';
import {
  covers,
  SESSION_EVENT_FIELDS,
  SessionActivity,
  SessionEventFields,
  sessionActivities,
  sessionUpsert,
} from './session-activity.js';
import { SessionSummary } from './session-summary.schema.js';
import { StorageUnavailableError } from './storage-unavailable.error.js';
import { SerialQueue } from './serial-queue.js';
import { STORAGE_OPTIONS, type StorageOptions } from './storage.options.js';

// Two upserts of one new session at once may both try the insert; the loser is retried as an
// update. MongoDB retries such upserts itself (since 4.2); this covers servers that do not.
const UPSERT_ATTEMPTS = 3;
// Writes of a batch's summaries, each confirmed by reading them back, before it is given up.
const CONFIRM_ATTEMPTS = 5;
// Upserts per `update` command on FerretDB. FerretDB v1 on PostgreSQL keeps each matched
// document's query open until its command ends and takes another pooled connection per update:
// one command of 50 or more updates of existing documents exhausts its pool of 50 and never
// finishes, stalling every client (measured on FerretDB 1.24.2: 50 passes, 60 hangs). One command
// at a time per process, of at most this many, keeps well below. MongoDB gets the batch's upserts
// in one `bulkWrite` (one round trip, one journal wait): its driver splits only past 100,000.
const FERRETDB_UPSERTS_PER_COMMAND = 16;
const SUMMARY_FIELDS = { first_us: 1, last_us: 1, categories: 1 } as const;

/**
 * Write side of the `sessions` collection: merges events into their sessions' summaries with one
 * idempotent upsert per distinct session ({@link sessionUpsert}), unordered, in one `bulkWrite`
 * (on FerretDB, in `bulkWrite`s of {@link FERRETDB_UPSERTS_PER_COMMAND}).
 *
 * On MongoDB an update is atomic per document, so writers of one session never lose each other's
 * update. FerretDB v1 applies an update by reading the document and writing it back whole, with
 * nothing in between held (FerretDB issue #3040): two writers of one session at once may lose one
 * update. So a process writes its summaries one batch at a time ({@link SerialQueue}: one
 * ingestor never races itself), and every write is confirmed by reading the summaries back and
 * writing again those that do not hold their activity (docs/queries.md, "Sessions newest
 * first"). Neither reads a value to write it: the write stays the idempotent upsert.
 */
@Injectable()
export class SessionSummariesRepository {
  private readonly queue = new SerialQueue();
  private upsertsPerCommand?: Promise<number>;

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
   * Any failure is a {@link StorageUnavailableError}: nothing may be assumed written, and writing
   * it all again is harmless.
   */
  async record(events: Iterable<SessionEventFields>): Promise<number> {
    const activities = sessionActivities(events);
    if (activities.length === 0) return 0;
    return this.queue.run(async () => {
      let pending = activities;
      for (let attempt = 1; ; attempt++) {
        await this.upsert(pending);
        pending = await this.notHeld(pending);
        if (pending.length === 0) return activities.length;
        if (attempt === CONFIRM_ATTEMPTS) {
          throw new StorageUnavailableError(
            `${pending.length} session summaries still lack their update after ${attempt} writes`,
          );
        }
      }
    });
  }

  private async upsert(activities: readonly SessionActivity[]): Promise<void> {
    const asked = (this.upsertsPerCommand ??= this.commandSize());
    const size = await asked.catch((error: unknown) => {
      if (this.upsertsPerCommand === asked) this.upsertsPerCommand = undefined; // ask again next time
      throw error;
    });
    for (let start = 0; start < activities.length; start += size)
      await this.upsertCommand(activities.slice(start, start + size));
  }

  // FerretDB says what it is in buildInfo (`ferretdbVersion`); asked once per process.
  private async commandSize(): Promise<number> {
    try {
      const info = await this.database().admin().command({ buildInfo: 1 });
      return info.ferretdbVersion === undefined ? Number.MAX_SAFE_INTEGER : FERRETDB_UPSERTS_PER_COMMAND;
    } catch (error) {
      throw new StorageUnavailableError(`buildInfo failed: ${describeWriteError(error)}`, { cause: error });
    }
  }

  private async upsertCommand(activities: readonly SessionActivity[]): Promise<void> {
    let operations = activities.map(sessionUpsert);
    for (let attempt = 1; operations.length > 0; attempt++) {
      try {
        await this.collection().bulkWrite(operations, {
          ordered: false,
          writeConcern: this.options.writeConcern,
        });
        return;
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
  }

  // The activities whose summary, read back, does not hold them: lost to a concurrent writer.
  private async notHeld(activities: readonly SessionActivity[]): Promise<SessionActivity[]> {
    let stored: SessionSummaryFields[];
    try {
      stored = await this.sessions
        .find({ _id: { $in: activities.map(keyOf) } })
        .select(SUMMARY_FIELDS)
        .lean<SessionSummaryFields[]>()
        .exec();
    } catch (error) {
      throw new StorageUnavailableError(
        `reading back session summaries failed: ${describeWriteError(error)}`,
        {
          cause: error,
        },
      );
    }
    const byKey = new Map(stored.map((summary) => [summary._id, summary]));
    return activities.filter((activity) => !covers(byKey.get(keyOf(activity)), activity));
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
    return this.database().collection<SessionSummary>(this.sessions.collection.collectionName);
  }

  private database() {
    const db = this.sessions.db.db;
    if (!db) throw new StorageUnavailableError('not connected to MongoDB');
    return db;
  }
}

type SessionSummaryFields = Pick<SessionSummary, '_id' | 'first_us' | 'last_us' | 'categories'>;

function keyOf(activity: SessionActivity): string {
  return sessionKey(activity.application, activity.session_id);
}
