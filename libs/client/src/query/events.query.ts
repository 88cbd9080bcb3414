import type { QueryClient } from './query.client.js';
import type { EventFilters, EventItem, Page } from './query.types.js';

/** `GET /v1/events`: events of the key's application filtered by session, category, name, time. */
export class EventsQuery {
  constructor(private readonly client: QueryClient) {}

  /** One page of events matching the filters. */
  list(filters: EventFilters = {}): Promise<Page<EventItem>> {
    return this.client.page('/v1/events', { ...filters });
  }

  /** Every matching event, across all pages: `for await (const event of client.events.iterate(f))`. */
  iterate(filters: EventFilters = {}): AsyncIterable<EventItem> {
    return this.client.all('/v1/events', { ...filters });
  }
}
