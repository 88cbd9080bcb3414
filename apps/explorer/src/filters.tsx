import { useState } from 'preact/hooks';
import { apiToLocalInput, localInputToApi } from './time.js';

/** The categories the gateway knows (docs/categories.md); the API refuses others. */
export const CATEGORIES = ['party', 'page_view', 'click', 'form_submit', 'error'] as const;

export type Filters = Record<string, string>;

/**
 * Category, name and time range, the API's rules: start inclusive, end exclusive. Times are
 * entered in the viewer's local time and sent (and linked) as UTC.
 */
export function FilterForm({
  value,
  onApply,
  fields = ['category', 'name', 'start', 'end'],
}: {
  value: Filters;
  onApply: (filters: Filters) => void;
  fields?: readonly ('category' | 'name' | 'start' | 'end')[];
}) {
  const [category, setCategory] = useState(value.category ?? '');
  const [name, setName] = useState(value.name ?? '');
  const [start, setStart] = useState(apiToLocalInput(value.start ?? ''));
  const [end, setEnd] = useState(apiToLocalInput(value.end ?? ''));

  function submit(event: Event) {
    event.preventDefault();
    const all: Filters = {
      category,
      name: name.trim(),
      start: localInputToApi(start),
      end: localInputToApi(end),
    };
    onApply(Object.fromEntries(fields.map((field) => [field, all[field]]).filter(([, v]) => v !== '')));
  }

  return (
    <form class="filters" onSubmit={submit} aria-label="Filters">
      {fields.includes('category') && <CategorySelect value={category} onChange={setCategory} />}
      {fields.includes('name') && (
        <label>
          Application
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} placeholder="any" />
        </label>
      )}
      {fields.includes('start') && (
        <label>
          From (inclusive, local time)
          <input
            type="datetime-local"
            step="1"
            value={start}
            onInput={(e) => setStart(e.currentTarget.value)}
          />
        </label>
      )}
      {fields.includes('end') && (
        <label>
          To (exclusive, local time)
          <input type="datetime-local" step="1" value={end} onInput={(e) => setEnd(e.currentTarget.value)} />
        </label>
      )}
      <button type="submit">Apply</button>
    </form>
  );
}

/** The category filter: any, or one registered category. */
export function CategorySelect({ value, onChange }: { value: string; onChange: (category: string) => void }) {
  return (
    <label>
      Category
      <select value={value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="">any</option>
        {CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
    </label>
  );
}
