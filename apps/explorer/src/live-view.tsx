import { fetchEventSource } from '@microsoft/fetch-event-source';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Api, describeError, errorOf, EventItem } from './api.js';
import { EventList } from './event-list.js';
import { CategorySelect } from './filters.js';
import { MinuteChart } from './minute-chart.js';
import { perMinute, WINDOW_MINUTES } from './per-minute.js';
import { navigate, Route } from './route.js';

/** Newest events kept on screen, and read back for the chart (pages of 1000). */
const SHOWN = 500;
const HISTORY_PAGES = 5;
/** Events the chart keeps in memory: past this the oldest go first (a busy app's hour is more). */
const CHART_EVENTS = 20_000;

type Status = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** A refusal that retrying cannot mend (a 4xx: bad key, no scope, too many streams): stop and say why. */
class FatalStreamError extends Error {}

/**
 * Events as they are accepted, newest first, through `GET /v1/events/live`. EventSource cannot
 * send an Authorization header, so the stream is read with fetch() (fetch-event-source, which
 * also reconnects). Pausing holds new events back until resumed.
 */
export function LiveView({ api, route }: { api: Api; route: Route }) {
  const category = route.params.category ?? '';
  const [status, setStatus] = useState<Status>('connecting');
  const [problem, setProblem] = useState('');
  const [shown, setShown] = useState<EventItem[]>([]);
  const [paused, setPaused] = useState(false);
  const [held, setHeld] = useState<EventItem[]>([]);
  const [chart, setChart] = useState(() => perMinute([], Date.now()));
  // Keyed by event id: an event may come both from the last hour's read and live.
  const history = useRef(new Map<string, EventItem>());
  const pausedRef = useRef(paused);
  pausedRef.current = paused;

  useEffect(() => {
    const abort = new AbortController();
    history.current = new Map();
    setShown([]);
    setHeld([]);
    setProblem('');
    setStatus('connecting');
    const remember = (event: EventItem) => {
      history.current.set(event.event_id, event);
      if (history.current.size > CHART_EVENTS) history.current.delete(history.current.keys().next().value!);
    };
    const receive = (event: EventItem) => {
      remember(event);
      if (pausedRef.current) setHeld((list) => [event, ...list].slice(0, SHOWN));
      else setShown((list) => [event, ...list].slice(0, SHOWN));
    };
    void fetchEventSource(api.liveUrl({ category }), {
      headers: api.authorization(),
      signal: abort.signal,
      openWhenHidden: true,
      async onopen(response) {
        if (response.status >= 400 && response.status < 500)
          throw new FatalStreamError(describeError(await errorOf(response)));
        if (!response.ok) throw new Error(describeError(await errorOf(response)));
        setStatus('live');
        setProblem('');
      },
      onclose() {
        // The gateway ended the stream (a restart): reconnect, through onerror.
        throw new Error('the gateway closed the stream');
      },
      onmessage(message) {
        if (message.data) receive(JSON.parse(message.data) as EventItem);
      },
      onerror(error) {
        if (error instanceof FatalStreamError) {
          setStatus('failed');
          setProblem(error.message);
          throw error;
        }
        setStatus('reconnecting');
        return 2000;
      },
    }).catch(() => undefined);
    const redraw = () => setChart(perMinute([...history.current.values()], Date.now()));
    void loadLastHour(api, category, abort.signal).then((events) => {
      for (const event of events) remember(event);
      redraw();
    });
    // Once a second at most, however fast events come.
    const tick = setInterval(redraw, 1000);
    return () => {
      abort.abort();
      clearInterval(tick);
    };
  }, [category]);

  function togglePause() {
    if (paused) {
      setShown((list) => [...held, ...list].slice(0, SHOWN));
      setHeld([]);
    }
    setPaused(!paused);
  }

  return (
    <section aria-labelledby="live-title">
      <h2 id="live-title">Live</h2>
      <div class="live-controls">
        <CategorySelect
          value={category}
          onChange={(value) => navigate({ view: 'live', params: { category: value } })}
        />
        <button type="button" onClick={togglePause} aria-pressed={paused}>
          {paused ? `Resume (${held.length} new)` : 'Pause'}
        </button>
        <span class={`status status-${status}`} role="status">
          {status === 'live' ? (paused ? 'paused' : 'live') : status}
        </span>
      </div>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
      <MinuteChart data={chart} />
      <h3>Newest first</h3>
      {shown.length === 0 && <p>Waiting for events…</p>}
      <EventList events={shown} showSession newestFirst />
    </section>
  );
}

/** The events of the last hour, for the chart (at most HISTORY_PAGES pages). */
async function loadLastHour(api: Api, category: string, signal: AbortSignal): Promise<EventItem[]> {
  const start = new Date(Date.now() - WINDOW_MINUTES * 60_000).toISOString();
  const events: EventItem[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < HISTORY_PAGES && !signal.aborted; page++) {
      const answer = await api.events({ start, category, limit: '1000', cursor });
      events.push(...answer.items);
      if (!answer.next_cursor) break;
      cursor = answer.next_cursor;
    }
  } catch {
    // The chart then shows only what arrives live.
  }
  return events;
}
