import type { QueryOrder, SessionsOrder } from './query-limits.js';

/** Time bounds in epoch microseconds: `start_us` inclusive, `end_us` exclusive. */
export interface TimeRange {
  start_us?: number;
  end_us?: number;
}

/** Filters of an events list after validation: typed scalars only, ids lower-cased. */
export interface ValidEventsQuery extends TimeRange {
  session_id?: string;
  category?: string;
  name?: string;
  order: QueryOrder;
  limit: number;
  cursor?: string;
}

/** Filters of the sessions list after validation. */
export interface ValidSessionsQuery extends TimeRange {
  category?: string;
  name?: string;
  order: SessionsOrder;
  limit: number;
  cursor?: string;
}

/** Filters of the live stream after validation. */
export interface ValidLiveEventsQuery {
  session_id?: string;
  category?: string;
  name?: string;
}
