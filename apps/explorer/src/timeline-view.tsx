import type { Api } from './api.js';
import { EventList, Pager } from './event-list.js';
import { usePaged } from './paged.js';

/** One session's events in time order, 200 per page. */
export function TimelineView({ api, sessionId }: { api: Api; sessionId: string }) {
  const list = usePaged((cursor) => api.sessionEvents(sessionId, { limit: '200', cursor }), [sessionId]);
  return (
    <section aria-labelledby="timeline-title">
      <h2 id="timeline-title">
        Session <span class="mono">{sessionId}</span>
      </h2>
      <p>
        <a href="#/sessions">← All sessions</a> · {list.items.length} event
        {list.items.length === 1 ? '' : 's'} loaded{list.more ? ' (more below)' : ''}
      </p>
      <EventList events={list.items} />
      <Pager busy={list.busy} more={list.more} error={list.error} onMore={list.loadMore} />
    </section>
  );
}
