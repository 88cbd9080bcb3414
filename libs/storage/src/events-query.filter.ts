import type { QueryFilter, SortOrder } from 'mongoose';
import { APP_SESSIONS_INDEX, type StoredEvent } from './event.schema.js';
import { integer, text } from './filter-values.js';

/**
 * What an events query may filter on, after validation and scoping: typed scalars only.
 * `name` is the application: the caller's own unless its key may read every app.
 */
export interface EventsFilter {
  session_id?: string;
  category?: string;
  name?: string;
  /** Epoch microseconds, inclusive. */
  start_us?: number;
  /** Epoch microseconds, exclusive. */
  end_us?: number;
}

/** A position in the total event order (ts_us, seq, _id): where the previous page ended. */
export interface EventKey {
  ts_us: number;
  seq: number;
  id: string;
}

export type EventsOrder = 'asc' | 'desc';

/** The index serving each events query shape (docs/queries.md); used as the query's hint. */
export function eventsIndexFor(filter: EventsFilter): string {
  if (filter.session_id !== undefined) return 'session_timeline';
  if (filter.name !== undefined && filter.category !== undefined) return 'app_category_range';
  if (filter.name !== undefined) return 'app_range';
  if (filter.category !== undefined) return 'category_range';
  return 'range';
}

/** The index serving the sessions scan: the app's own sessions, or every app's. */
export function sessionsIndexFor(filter: Pick<EventsFilter, 'name'>): string {
  return filter.name !== undefined ? APP_SESSIONS_INDEX : 'session_timeline';
}

export function eventsSort(order: EventsOrder): Record<'ts_us' | 'seq' | '_id', SortOrder> {
  const direction = order === 'asc' ? 1 : -1;
  return { ts_us: direction, seq: direction, _id: direction };
}

/**
 * The MongoDB filter of one page. Every value is re-checked to be a scalar of the expected type
 * (a second line of defence behind the contract validators): no caller-supplied object can
 * become an operator. Keyset paging after `after`: a bound on ts_us the index can seek to, then
 * an `$or` resolving ties on seq and _id.
 */
export function eventsFilterQuery(
  filter: EventsFilter,
  order: EventsOrder,
  after?: EventKey,
): QueryFilter<StoredEvent> {
  const query: QueryFilter<StoredEvent> = {};
  if (filter.session_id !== undefined) query.session_id = text(filter.session_id, 'session_id');
  if (filter.name !== undefined) query.name = text(filter.name, 'name');
  if (filter.category !== undefined) query.category = text(filter.category, 'category');

  const ts: Record<string, number> = {};
  if (filter.start_us !== undefined) ts.$gte = integer(filter.start_us, 'start_us');
  if (filter.end_us !== undefined) ts.$lt = integer(filter.end_us, 'end_us');
  if (after) {
    const t = integer(after.ts_us, 'cursor.ts_us');
    const seq = integer(after.seq, 'cursor.seq');
    const id = text(after.id, 'cursor.id');
    if (order === 'asc') {
      ts.$gte = Math.max(ts.$gte ?? t, t);
      query.$or = [{ ts_us: { $gt: t } }, { seq: { $gt: seq } }, { seq, _id: { $gt: id } }];
    } else {
      ts.$lte = t;
      query.$or = [{ ts_us: { $lt: t } }, { seq: { $lt: seq } }, { seq, _id: { $lt: id } }];
    }
  }
  if (Object.keys(ts).length > 0) query.ts_us = ts;
  return query;
}

/** The filter of the sessions scan, resuming at `afterSessionId` (that session is re-read). */
export function sessionsFilterQuery(
  filter: Omit<EventsFilter, 'session_id'>,
  afterSessionId?: string,
): QueryFilter<StoredEvent> {
  const query = eventsFilterQuery(filter, 'asc');
  if (afterSessionId !== undefined) query.session_id = { $gte: text(afterSessionId, 'cursor.session_id') };
  return query;
}
