import { useEffect, useState } from 'preact/hooks';

export type View = 'sessions' | 'events' | 'session' | 'live';

/** What the page shows, kept in the URL's hash so a view can be bookmarked and shared. */
export interface Route {
  view: View;
  /** The session of the `session` view. */
  sessionId?: string;
  /** Filters: category, name, start, end (API times, UTC). */
  params: Record<string, string>;
}

const VIEWS: readonly View[] = ['sessions', 'events', 'session', 'live'];

/** `#/session/<id>?category=click` → { view: 'session', sessionId, params }. */
export function parseRoute(hash: string): Route {
  const [path, search = ''] = hash.replace(/^#\/?/, '').split('?', 2);
  const [view, id] = path.split('/');
  const params = Object.fromEntries(new URLSearchParams(search));
  if (view === 'session' && id) return { view, sessionId: decodeURIComponent(id), params };
  const known = VIEWS.find((v) => v === view && v !== 'session');
  return { view: known ?? 'sessions', params };
}

export function formatRoute(route: Route): string {
  const path = route.view === 'session' ? `session/${encodeURIComponent(route.sessionId ?? '')}` : route.view;
  const given = Object.entries(route.params).filter(([, value]) => value !== '');
  const search = given.length > 0 ? `?${new URLSearchParams(given).toString()}` : '';
  return `#/${path}${search}`;
}

export function navigate(route: Route): void {
  location.hash = formatRoute(route);
}

/** The current route, following the hash (links, back/forward). */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  return route;
}
