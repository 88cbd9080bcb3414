import { useState } from 'preact/hooks';
import { Api, describeError } from './api.js';
import { storeKey } from './key-store.js';

/** Asks for an API key and keeps it only once the gateway accepted it for reading. */
export function SignIn({ onSignedIn }: { onSignedIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await new Api(key.trim()).sessions({ limit: '1' });
      storeKey(key.trim());
      onSignedIn(key.trim());
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="sign-in">
      <h1>eventline explorer</h1>
      <form onSubmit={submit}>
        <label for="api-key">API key (scope “query”)</label>
        <input
          id="api-key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
        />
        <button type="submit" disabled={busy || key.trim() === ''}>
          Sign in
        </button>
        <p class="hint">
          The key stays in this tab only (sessionStorage) and is sent as an Authorization header.
        </p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
