import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { APP_SESSIONS_INDEX, StoredEvent } from './event.schema.js';
import { SESSION_EVENT_FIELDS, SessionEventFields } from './session-activity.js';
import { SessionSummariesRepository } from './session-summaries.repository.js';
import { translateStorageError } from './storage-unavailable.error.js';

/** How far a backfill got: events read, and session upserts written (a session may take several). */
export interface BackfillProgress {
  events: number;
  upserts: number;
}

const DEFAULT_CHUNK_EVENTS = 10_000;

/**
 * Builds the `sessions` summaries of events stored before the ingestor kept them
 * (`npm run sessions:backfill`, docs/operations.md). Reads every stored event's session fields
 * and merges them in chunks with the ingestor's own write ({@link SessionSummariesRepository}):
 * idempotent and order-free, so it may run while ingestors run, be stopped, and be run again.
 * The scan is hinted to `app_sessions`, which on MongoDB returns it in session order and covers
 * it (no document is fetched), so a chunk holds few sessions.
 */
@Injectable()
export class SessionsBackfill {
  constructor(
    @InjectModel(StoredEvent.name) private readonly events: Model<StoredEvent>,
    private readonly summaries: SessionSummariesRepository,
  ) {}

  async run(
    options: { chunkEvents?: number; onChunk?: (progress: BackfillProgress) => void } = {},
  ): Promise<BackfillProgress> {
    const chunkEvents = options.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
    const progress: BackfillProgress = { events: 0, upserts: 0 };
    const cursor = this.events
      .find({})
      .hint(APP_SESSIONS_INDEX)
      .select(SESSION_EVENT_FIELDS)
      .lean<SessionEventFields>()
      .cursor({ batchSize: 1000 });
    let chunk: SessionEventFields[] = [];
    const flush = async () => {
      progress.upserts += await this.summaries.record(chunk);
      progress.events += chunk.length;
      chunk = [];
      options.onChunk?.({ ...progress });
    };
    try {
      for await (const row of cursor) {
        chunk.push(row);
        if (chunk.length >= chunkEvents) await flush();
      }
    } catch (error) {
      throw translateStorageError(error);
    } finally {
      await cursor.close().catch(() => undefined);
    }
    if (chunk.length > 0) await flush();
    return progress;
  }
}
