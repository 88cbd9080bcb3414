import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { sessionKey } from '@eventline/contracts';
import { StoredEvent } from './event.schema.js';
import { duplicateKeyIndexes, writeFailed } from './mongo-write.errors.js';
import {
  covers,
  SESSION_EVENT_FIELDS,
  SessionActivity,
  SessionEventFields,
  sessionActivities,
  sessionSummaryOf,
  sessionUpsert,
} from './session-activity.js';
import { SessionSummary } from './session-summary.schema.js';
import { StorageUnavailableError } from './storage-unavailable.error.js';
import { SerialQueue } from './serial-queue.js';
import { STORAGE_OPTIONS, type StorageOptions } from './storage.options.js';

// Two upserts of one new session at once may both try the insert; the loser is retried as an
// update. MongoDB retries such upserts itself (since 4.2); this covers servers that do not.
const UPSERT_ATTEMPTS = 3;
// FerretDB: writes of the existing summaries, each confirmed by reading them back, before the
// batch is given up (and retried).
const CONFIRM_ATTEMPTS = 5;
// FerretDB: upserts per `update` command. FerretDB v1 on PostgreSQL keeps each matched document's
// query open until its command ends and takes another pooled connection per update: one command
// of 50 or more updates of existing documents exhausts its pool of 50 and never finishes, stalling
// every client (measured on FerretDB 1.24.2: 50 passes, 60 hangs).
const FERRETDB_UPSERTS_PER_COMMAND = 16;
const SUMMARY_FIELDS = { first_us: 1, last_us: 1, categories: 1 } as const;

/**
 * Write side of the `sessions` collection: merges events into their sessions' summaries, one
 * idempotent upsert per distinct session ({@link sessionUpsert}).
 *
 * On MongoDB, the agreed design as it is: one unordered `bulkWrite` of the batch's upserts. An
 * update is atomic per document there, so writers of one session never lose each other's.
 *
 * FerretDB v1 differs in three ways, measured on 1.24 (docs/queries.md, "Sessions newest
 * first"), so there it writes otherwise, with the same operators: (1) it applies an update by
 * reading the document and writing it back whole, nothing held in between (FerretDB issue
 * #3040), so two writers of one session at once may lose one update: a process writes one batch
 * at a time ({@link SerialQueue}), and every update is confirmed by reading it back and written
 * again when lost; (2) on SQLite an update scans the collection (~50 ms each among 10,000
 * summaries) where an insert is cheap: the summaries are read first, sessions new to the store
 * are inserted whole, in one `insertMany` (an insert cannot be lost: nobody read what was not
 * there), and only those already there and not yet holding their activity are updated; (3) on
 * PostgreSQL one `update` command of 50 updates or more never finishes: updates go in commands of
 * {@link FERRETDB_UPSERTS_PER_COMMAND}. No value is ever read to be written: reads only decide
 * what to write.
 */
@Injectable()
export class SessionSummariesRepository {
  private readonly queue = new SerialQueue();
  private ferretDb?: Promise<boolean>;

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
    // Only FerretDB needs one process's writes in turn (its updates are not atomic); MongoDB's
    // upserts of concurrent batches never lose each other's operators.
    if (await this.onFerretDb()) await this.queue.run(() => this.recordOnFerretDb(activities));
    else await this.upsertCommand(activities);
    return activities.length;
  }

  private async recordOnFerretDb(activities: readonly SessionActivity[]): Promise<void> {
    // Read first which summaries exist: a refused insert costs FerretDB ~4 times a read (631
    // against 140 ms per 1,000 on PostgreSQL), and a summary that already holds its activity (a
    // redelivered batch's) needs no update at all.
    const stored = await this.storedSummaries(activities);
    const unheld = notHeldBy(stored, activities);
    const fresh = unheld.filter((activity) => !stored.has(keyOf(activity)));
    const stale = unheld.filter((activity) => stored.has(keyOf(activity)));
    // A session inserted by another writer since the read is refused, and updated like the rest.
    let pending = [...stale, ...(await this.insertNew(fresh))];
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > CONFIRM_ATTEMPTS) {
        throw new StorageUnavailableError(
          `${pending.length} session summaries still lack their update after ${CONFIRM_ATTEMPTS} writes`,
        );
      }
      for (let start = 0; start < pending.length; start += FERRETDB_UPSERTS_PER_COMMAND)
        await this.upsertCommand(pending.slice(start, start + FERRETDB_UPSERTS_PER_COMMAND));
      pending = await this.notHeld(pending);
    }
  }

  // Inserts the summaries of sessions new to the store, whole; returns the activities of those
  // already there (refused for their duplicate key).
  private async insertNew(activities: readonly SessionActivity[]): Promise<SessionActivity[]> {
    if (activities.length === 0) return [];
    try {
      await this.collection().insertMany(activities.map(sessionSummaryOf), {
        ordered: false,
        writeConcern: this.options.writeConcern,
      });
      return [];
    } catch (error) {
      const existing = duplicateKeyIndexes(error);
      if (!existing) {
        throw writeFailed(`insertMany of ${activities.length} session summaries`, error);
      }
      return activities.filter((_, i) => existing.has(i));
    }
  }

  // FerretDB says what it is in buildInfo (`ferretdbVersion`); asked once per process, again
  // after a failure.
  private async onFerretDb(): Promise<boolean> {
    const asked = (this.ferretDb ??= this.database()
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => info.ferretdbVersion !== undefined));
    try {
      return await asked;
    } catch (error) {
      if (this.ferretDb === asked) this.ferretDb = undefined;
      throw writeFailed('buildInfo', error);
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
          throw writeFailed(`bulkWrite of ${operations.length} session summaries`, error);
        }
        operations = operations.filter((_, i) => lost.has(i));
      }
    }
  }

  // The activities whose summary, read back, does not hold them: lost to a concurrent writer.
  private async notHeld(activities: readonly SessionActivity[]): Promise<SessionActivity[]> {
    return notHeldBy(await this.storedSummaries(activities), activities);
  }

  // The stored summaries of the activities' sessions, by session key (absent: none stored).
  private async storedSummaries(
    activities: readonly SessionActivity[],
  ): Promise<Map<string, SessionSummaryFields>> {
    let stored: SessionSummaryFields[];
    try {
      stored = await this.sessions
        .find({ _id: { $in: activities.map(keyOf) } })
        .select(SUMMARY_FIELDS)
        .lean<SessionSummaryFields[]>()
        .exec();
    } catch (error) {
      throw writeFailed('reading session summaries', error);
    }
    return new Map(stored.map((summary) => [summary._id, summary]));
  }

  private async storedSessionFields(ids: readonly string[]): Promise<SessionEventFields[]> {
    try {
      return await this.events
        .find({ _id: { $in: ids } })
        .select(SESSION_EVENT_FIELDS)
        .lean<SessionEventFields[]>()
        .exec();
    } catch (error) {
      throw writeFailed(`reading ${ids.length} stored events`, error);
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

// The activities that the stored summaries (by session key) do not hold yet, absent ones included.
function notHeldBy(
  stored: ReadonlyMap<string, SessionSummaryFields>,
  activities: readonly SessionActivity[],
): SessionActivity[] {
  return activities.filter((activity) => !covers(stored.get(keyOf(activity)), activity));
}

function keyOf(activity: SessionActivity): string {
  return sessionKey(activity.application, activity.session_id);
}
