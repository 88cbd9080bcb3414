import { useEffect, useRef, useState } from 'preact/hooks';
import { describeError, Page } from './api.js';

/** A list read page by page through `next_cursor`, read again from the start when `deps` change. */
export function usePaged<T>(load: (cursor: string | undefined) => Promise<Page<T>>, deps: unknown[]) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  // Answers to a superseded query (the filters changed meanwhile) are dropped.
  const generation = useRef(0);

  async function fetchPage(after: string | undefined) {
    const current = generation.current;
    setBusy(true);
    setError('');
    try {
      const page = await load(after);
      if (current !== generation.current) return;
      setItems((previous) => (after === undefined ? page.items : [...previous, ...page.items]));
      setCursor(page.next_cursor);
    } catch (failure) {
      if (current === generation.current) setError(describeError(failure));
    } finally {
      if (current === generation.current) setBusy(false);
    }
  }

  useEffect(() => {
    generation.current += 1;
    setItems([]);
    setCursor(null);
    void fetchPage(undefined);
  }, deps);

  return {
    items,
    busy,
    error,
    more: cursor !== null,
    loadMore: () => {
      if (cursor !== null && !busy) void fetchPage(cursor);
    },
  };
}
