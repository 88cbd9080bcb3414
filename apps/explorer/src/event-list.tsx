import { useEffect, useRef } from 'preact/hooks';
import type { EventItem } from './api.js';
import { apiTimeMicros, formatGap, localTime } from './time.js';

/**
 * Events as a timeline, in the order given: UTC and local time, category badge, application,
 * data as formatted JSON, and the gap since the previous event.
 */
export function EventList({
  events,
  showSession = false,
  newestFirst = false,
}: {
  events: readonly EventItem[];
  showSession?: boolean;
  /** The list runs backwards in time: the gap is to the next item, the one before in time. */
  newestFirst?: boolean;
}) {
  return (
    <ol class="timeline">
      {events.map((event, index) => {
        const previous = events[newestFirst ? index + 1 : index - 1];
        const gap = previous ? apiTimeMicros(event.timestamp) - apiTimeMicros(previous.timestamp) : undefined;
        return (
          <li key={event.event_id} class="event">
            <div class="event-head">
              <span class={`badge badge-${event.category}`}>{event.category}</span>
              <span class="name">{event.name}</span>
              <time dateTime={`${event.timestamp.replace(' ', 'T')}Z`} class="utc">
                {event.timestamp} UTC
              </time>
              <span class="local">{localTime(event.timestamp)} local</span>
              {gap !== undefined && <span class="gap">{formatGap(gap)}</span>}
              {showSession && (
                <a class="session-link" href={`#/session/${event.session_id}`}>
                  session {event.session_id.slice(0, 8)}…
                </a>
              )}
            </div>
            <pre class="data">{JSON.stringify(event.data, null, 2)}</pre>
          </li>
        );
      })}
    </ol>
  );
}

/**
 * The "load more" control of a paged list, and its error. It also loads the next page by itself
 * when scrolled into view, so a long timeline reads on smoothly; the button stays for keyboards.
 */
export function Pager({
  busy,
  more,
  error,
  onMore,
}: {
  busy: boolean;
  more: boolean;
  error: string;
  onMore: () => void;
}) {
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = button.current;
    if (!element || busy || error) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) onMore();
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [more, busy, error]);
  return (
    <div class="pager">
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {more && (
        <button type="button" ref={button} onClick={onMore} disabled={busy}>
          {busy ? 'Loading…' : 'Load more'}
        </button>
      )}
      {!more && busy && <p aria-live="polite">Loading…</p>}
    </div>
  );
}
