import type { QueryClient } from './query.client.js';
import type { EventItem, Page, SessionEventsOptions, SessionFilters, SessionItem } from './query.types.js';

/** `GET /v1/sessions` and `GET /v1/sessions/{id}/events`. */
export class SessionsQuery {
  constructor(private readonly client: QueryClient) {}

  /** One page of sessions (id, app, event count, first/last timestamp, categories). */
  list(filters: SessionFilters = {}): Promise<Page<SessionItem>> {
    return this.client.page('/v1/sessions', { ...filters });
  }

  /** Every matching session, across all pages. */
  iterate(filters: SessionFilters = {}): AsyncIterable<SessionItem> {
    return this.client.all('/v1/sessions', { ...filters });
  }

  /**
   * One page of a session's events in order: timestamp, then arrival, then event id. A session of another
   * application, or none, is a 404 (`EventlineHttpError` with code `not_found`).
   */
  events(sessionId: string, options: SessionEventsOptions = {}): Promise<Page<EventItem>> {
    return this.client.page(sessionEventsPath(sessionId), { ...options });
  }

  /** Every event of a session, in order, across all pages. */
  iterateEvents(sessionId: string, options: SessionEventsOptions = {}): AsyncIterable<EventItem> {
    return this.client.all(sessionEventsPath(sessionId), { ...options });
  }
}

function sessionEventsPath(sessionId: string): string {
  return `/v1/sessions/${encodeURIComponent(sessionId)}/events`;
}
