import type { Category, CategoryData } from '../track/event-payload.js';

/** One page of a list: `next_cursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}

/** A stored event as queries return it; `data` is typed by `category`. */
export type EventItem = {
  [C in Category]: {
    event_id: string;
    session_id: string;
    category: C;
    name: string;
    data: CategoryData<C>;
    /** `YYYY-MM-DD HH:MM:SS.ffffff`, UTC. */
    timestamp: string;
    /** When the event reached the stream (JetStream's time), same format. */
    received_at: string;
  };
}[Category];

/**
 * A session as `GET /v1/sessions` summarises it: in `session_id` order its events matching the
 * filters, in `recent` order the whole session.
 */
export interface SessionItem {
  session_id: string;
  /** The application the session's events belong to. */
  name: string;
  event_count: number;
  first_timestamp: string;
  last_timestamp: string;
  categories: Category[];
}

/** A point in time for `start` / `end`: a Date, or a string in the event timestamp format. */
export type TimeBound = Date | string;

/** Paging for every list: at most `limit` items (server default 100, max 1000) after `cursor`. */
export interface PageOptions {
  limit?: number;
  /** The `next_cursor` of the previous page. */
  cursor?: string;
}

/** Options of `GET /v1/sessions/{id}/events`: oldest first unless `order: 'desc'`. */
export interface SessionEventsOptions extends PageOptions {
  order?: 'asc' | 'desc';
}

/** Filters of `GET /v1/events`: `start` inclusive, `end` exclusive. */
export interface EventFilters extends PageOptions {
  session_id?: string;
  category?: Category;
  /** Application name (only useful with a `query:all` key). */
  name?: string;
  start?: TimeBound;
  end?: TimeBound;
  order?: 'asc' | 'desc';
}

/** Filters of `GET /v1/sessions`. */
export interface SessionFilters extends PageOptions {
  category?: Category;
  name?: string;
  start?: TimeBound;
  end?: TimeBound;
  /**
   * `session_id` (default): by session id, each session summarising its events that match the
   * filters. `recent`: newest last activity first, whole sessions (one with an event of
   * `category`, active between `start` and `end`).
   */
  order?: 'session_id' | 'recent';
}
