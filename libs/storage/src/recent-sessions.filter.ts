import type { QueryFilter, SortOrder } from 'mongoose';
import { integer, text } from './filter-values.js';
import type { SessionSummary } from './session-summary.schema.js';

/**
 * What the sessions list in `recent` order filters on, after validation and scoping; each
 * selects whole sessions. `application` is the caller's own unless its key may read every app.
 */
export interface RecentSessionsFilter {
  application?: string;
  /** Sessions with an event of this category. */
  category?: string;
  /** Sessions active at or after this time (last event ≥ it), epoch microseconds. */
  start_us?: number;
  /** Sessions active before this time (first event < it), epoch microseconds. */
  end_us?: number;
}

/** A position in the list: the (last_us, _id) of the last session of the previous page. */
export interface SessionPosition {
  last_us: number;
  id: string;
}

/** Newest last activity first, ties broken by the session key (`_id`), both descending. */
export const RECENT_SESSIONS_SORT: Record<'last_us' | '_id', SortOrder> = { last_us: -1, _id: -1 };

/** The index serving the list (the query's hint): one application's sessions, or every app's. */
export function recentSessionsIndexFor(filter: RecentSessionsFilter): 'app_recent' | 'recent' {
  return filter.application !== undefined ? 'app_recent' : 'recent';
}

/**
 * The filter of one page. The time range selects sessions whose activity [first_us, last_us]
 * overlaps [start_us, end_us): start inclusive, end exclusive, as every time range of the API.
 * Keyset paging strictly after `after` in (last_us desc, _id desc): a bound on last_us the index
 * seeks to, then an `$or` resolving ties on `_id`. Values are re-checked to be scalars.
 */
export function recentSessionsFilterQuery(
  filter: RecentSessionsFilter,
  after?: SessionPosition,
): QueryFilter<SessionSummary> {
  const query: QueryFilter<SessionSummary> = {};
  if (filter.application !== undefined) query.application = text(filter.application, 'application');
  if (filter.category !== undefined) query.categories = text(filter.category, 'category');
  if (filter.end_us !== undefined) query.first_us = { $lt: integer(filter.end_us, 'end_us') };
  const last: Record<string, number> = {};
  if (filter.start_us !== undefined) last.$gte = integer(filter.start_us, 'start_us');
  if (after) {
    const t = integer(after.last_us, 'cursor.last_us');
    const id = text(after.id, 'cursor.id');
    last.$lte = t;
    query.$or = [{ last_us: { $lt: t } }, { _id: { $lt: id } }];
  }
  if (Object.keys(last).length > 0) query.last_us = last;
  return query;
}
