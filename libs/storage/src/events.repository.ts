import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { duplicateKeyIndexes, writeFailed } from './mongo-write.errors.js';
import { StorageUnavailableError } from './storage-unavailable.error.js';
import { STORAGE_OPTIONS, type StorageOptions } from './storage.options.js';
import { StoredEvent } from './event.schema.js';

/** What one `insertMany` did: every document is either newly inserted or was already there. */
export interface InsertManyResult {
  inserted: number;
  /** Documents whose `_id` already existed: stored by an earlier delivery, so stored all the same. */
  duplicates: number;
  /** Positions in the given array of the duplicates (an id twice in one batch: the second). */
  duplicateIndexes: ReadonlySet<number>;
}

/** Write side of the `events` collection. */
@Injectable()
export class EventsRepository {
  constructor(
    @InjectModel(StoredEvent.name) private readonly model: Model<StoredEvent>,
    @Inject(STORAGE_OPTIONS) private readonly options: Required<StorageOptions>,
  ) {}

  /**
   * Writes the documents with one unordered `insertMany` under the configured write concern.
   * Duplicate-key errors count as stored (the `_id` is the event's identity, so the event is there); any
   * other failure throws a {@link StorageUnavailableError}: the write was not confirmed, so nothing
   * may be assumed written and the caller retries later.
   */
  async insertMany(docs: readonly StoredEvent[]): Promise<InsertManyResult> {
    if (docs.length === 0) return { inserted: 0, duplicates: 0, duplicateIndexes: new Set() };
    try {
      // The driver's collection, not Model.insertMany: the documents are built and checked by
      // the caller, and the driver reports per-document write errors without Mongoose's casting.
      const result = await this.collection().insertMany([...docs], {
        ordered: false,
        writeConcern: this.options.writeConcern,
      });
      return { inserted: result.insertedCount, duplicates: 0, duplicateIndexes: new Set() };
    } catch (error) {
      const duplicateIndexes = duplicateKeyIndexes(error);
      if (duplicateIndexes) {
        return {
          inserted: docs.length - duplicateIndexes.size,
          duplicates: duplicateIndexes.size,
          duplicateIndexes,
        };
      }
      throw writeFailed(`insertMany of ${docs.length} events`, error);
    }
  }

  // The driver's typed collection: its `_id` is our string event key, not an ObjectId.
  private collection() {
    const db = this.model.db.db;
    if (!db) throw new StorageUnavailableError('not connected to MongoDB');
    return db.collection<StoredEvent>(this.model.collection.collectionName);
  }
}
