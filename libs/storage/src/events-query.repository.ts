import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { StoredEvent } from './event.schema.js';
import { SESSION_EVENT_FIELDS, SessionEventFields } from './session-activity.js';
import { translateStorageError } from './storage-unavailable.error.js';
import {
  EventKey,
  EventsFilter,
  EventsOrder,
  eventsFilterQuery,
  eventsIndexFor,
  eventsSort,
  sessionsFilterQuery,
  sessionsIndexFor,
} from './events-query.filter.js';

/** An event as a query reads it. */
export type EventRow = Pick<
  StoredEvent,
  '_id' | 'event_id' | 'session_id' | 'category' | 'name' | 'data' | 'ts_us' | 'seq' | 'received_at'
>;

/** The few fields the sessions grouping needs of each event. */
export type SessionEventRow = SessionEventFields;

const EVENT_FIELDS = {
  _id: 1,
  event_id: 1,
  session_id: 1,
  category: 1,
  name: 1,
  data: 1,
  ts_us: 1,
  seq: 1,
  received_at: 1,
} as const;

/**
 * Read side of the `events` collection. Every query is hinted to the index that serves it
 * ({@link StorageIndexesProvisioner} creates them at start-up).
 */
@Injectable()
export class EventsQueryRepository {
  constructor(@InjectModel(StoredEvent.name) private readonly events: Model<StoredEvent>) {}

  /**
   * One page of events in (ts_us, seq, _id) order after `after`, at most `limit`; the database
   * stops after `maxTimeMs` ({@link StorageTimeoutError}).
   */
  async findEvents(
    filter: EventsFilter,
    order: EventsOrder,
    limit: number,
    maxTimeMs: number,
    after?: EventKey,
  ): Promise<EventRow[]> {
    try {
      return await this.events
        .find(eventsFilterQuery(filter, order, after))
        .sort(eventsSort(order))
        .hint(eventsIndexFor(filter))
        .maxTimeMS(maxTimeMs)
        .limit(limit)
        .select(EVENT_FIELDS)
        .lean<EventRow[]>()
        .exec();
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * How many events one session of one application holds: an equality on the prefix of
   * `app_sessions`, so the count walks that session's index entries only.
   */
  async countSessionEvents(name: string, sessionId: string, maxTimeMs: number): Promise<number> {
    try {
      return await this.events
        .countDocuments(eventsFilterQuery({ name, session_id: sessionId }, 'asc'))
        .hint(sessionsIndexFor({ name }))
        .maxTimeMS(maxTimeMs)
        .exec();
    } catch (error) {
      throw translateStorageError(error);
    }
  }

  /**
   * Events in (session_id, ts_us) order from session `fromSessionId` on, for grouping by the
   * caller: FerretDB's `$group` has no `$min`/`$max`/`$addToSet`, so grouping is folded over
   * this index-ordered stream rather than run as a pipeline (see docs/queries.md). `maxTimeMs`
   * bounds the read on MongoDB; FerretDB v1 bounds only the first batch with it, so the caller
   * also watches the time between rows.
   */
  async *scanSessionEvents(
    filter: Omit<EventsFilter, 'session_id'>,
    maxTimeMs: number,
    fromSessionId?: string,
  ): AsyncIterable<SessionEventRow> {
    const cursor = this.events
      .find(sessionsFilterQuery(filter, fromSessionId))
      .sort({ session_id: 1, ts_us: 1 })
      .hint(sessionsIndexFor(filter))
      .maxTimeMS(maxTimeMs)
      .select(SESSION_EVENT_FIELDS)
      .lean<SessionEventRow>()
      .cursor({ batchSize: 1000 });
    try {
      for await (const row of cursor) yield row;
    } catch (error) {
      throw translateStorageError(error);
    } finally {
      await cursor.close().catch(() => undefined);
    }
  }
}
