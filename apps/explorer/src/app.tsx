import { useState } from 'preact/hooks';
import { Api } from './api.js';
import { EventsView } from './events-view.js';
import { forgetKey, storedKey } from './key-store.js';
import { LiveView } from './live-view.js';
import { formatRoute, useRoute, View } from './route.js';
import { SessionsView } from './sessions-view.js';
import { SignIn } from './sign-in.js';
import { TimelineView } from './timeline-view.js';

const TABS: { view: View; label: string }[] = [
  { view: 'sessions', label: 'Sessions' },
  { view: 'events', label: 'Events' },
  { view: 'live', label: 'Live' },
];

export function App() {
  const [key, setKey] = useState(storedKey);
  const route = useRoute();
  if (!key) return <SignIn onSignedIn={setKey} />;
  const api = new Api(key);
  const signOut = () => {
    forgetKey();
    setKey(null);
  };
  return (
    <>
      <header class="bar">
        <h1>eventline explorer</h1>
        <nav aria-label="Views">
          {TABS.map((tab) => (
            <a
              key={tab.view}
              href={formatRoute({ view: tab.view, params: {} })}
              aria-current={route.view === tab.view ? 'page' : undefined}
            >
              {tab.label}
            </a>
          ))}
        </nav>
        <button type="button" class="quiet" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main>
        {route.view === 'session' && route.sessionId ? (
          <TimelineView api={api} sessionId={route.sessionId} />
        ) : route.view === 'events' ? (
          <EventsView api={api} route={route} />
        ) : route.view === 'live' ? (
          <LiveView api={api} route={route} />
        ) : (
          <SessionsView api={api} route={route} />
        )}
      </main>
    </>
  );
}
