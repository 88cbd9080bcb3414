import type { Api } from './api.js';
import { EventList, Pager } from './event-list.js';
import { FilterForm } from './filters.js';
import { usePaged } from './paged.js';
import { navigate, Route } from './route.js';

/** Every event the key may read that matches the filters, in time order. */
export function EventsView({ api, route }: { api: Api; route: Route }) {
  const key = JSON.stringify(route.params);
  const list = usePaged((cursor) => api.events({ ...route.params, limit: '100', cursor }), [key]);
  return (
    <section aria-labelledby="events-title">
      <h2 id="events-title">Events</h2>
      <FilterForm key={key} value={route.params} onApply={(params) => navigate({ view: 'events', params })} />
      {!list.busy && !list.error && list.items.length === 0 && <p>No event matches.</p>}
      <EventList events={list.items} showSession />
      <Pager busy={list.busy} more={list.more} error={list.error} onMore={list.loadMore} />
    </section>
  );
}
