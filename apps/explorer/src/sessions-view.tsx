import type { Api } from './api.js';
import { Pager } from './event-list.js';
import { FilterForm } from './filters.js';
import { usePaged } from './paged.js';
import { navigate, Route } from './route.js';
import { localTime } from './time.js';

const PAGE_SIZE = '50';

/**
 * The sessions the filters select, newest last activity first, as the API pages them
 * (`order=recent`): "Load more" reads the next page, older sessions. A `limit` in the URL sets
 * the page size (a deep link may ask for smaller pages).
 */
export function SessionsView({ api, route }: { api: Api; route: Route }) {
  const key = JSON.stringify(route.params);
  const { limit = PAGE_SIZE, ...filters } = route.params;
  const list = usePaged((cursor) => api.sessions({ ...filters, limit, order: 'recent', cursor }), [key]);
  const sessions = list.items;
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Sessions</h2>
      <FilterForm
        key={key}
        value={route.params}
        onApply={(params) =>
          navigate({ view: 'sessions', params: route.params.limit ? { ...params, limit } : params })
        }
      />
      <div class="table-wrap">
        <table class="sessions">
          <caption class="visually-hidden">Sessions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Session</th>
              <th scope="col">Application</th>
              <th scope="col">Events</th>
              <th scope="col">First (UTC)</th>
              <th scope="col">Last (UTC)</th>
              <th scope="col">Categories</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => (
              <tr key={`${session.name}/${session.session_id}`}>
                <td>
                  <a href={`#/session/${session.session_id}`} class="mono">
                    {session.session_id}
                  </a>
                </td>
                <td>{session.name}</td>
                <td class="num">{session.event_count}</td>
                <td title={`${localTime(session.first_timestamp)} local`}>{session.first_timestamp}</td>
                <td title={`${localTime(session.last_timestamp)} local`}>{session.last_timestamp}</td>
                <td>
                  {session.categories.map((c) => (
                    <span key={c} class={`badge badge-${c}`}>
                      {c}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!list.busy && !list.error && sessions.length === 0 && <p>No session matches.</p>}
      <Pager busy={list.busy} more={list.more} error={list.error} onMore={list.loadMore} />
    </section>
  );
}
