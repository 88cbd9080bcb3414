import { formatEventTimestamp, SessionItem } from '@eventline/contracts';
import type { SessionEventRow } from '@eventline/storage';

/** Where the previous page ended: its last (session_id, app). */
export interface SessionKey {
  session_id: string;
  name: string;
}

interface Group {
  count: number;
  first: number;
  last: number;
  categories: Set<string>;
}

/**
 * Groups events into sessions (one item per session and application) while streaming them in
 * (session_id, ts_us) order, stopping as soon as `limit` items and one more are known. A group is
 * emitted only when its session_id is complete, so counts and bounds are exact. Rows of the
 * session `after` names, for apps up to and including `after.name`, were on the previous page.
 */
export async function foldSessionGroups(
  rows: AsyncIterable<SessionEventRow>,
  limit: number,
  after?: SessionKey,
): Promise<{ items: SessionItem[]; more: boolean }> {
  const items: SessionItem[] = [];
  let sessionId: string | undefined;
  const groups = new Map<string, Group>();

  const flush = () => {
    for (const name of [...groups.keys()].sort()) {
      if (after && sessionId === after.session_id && name <= after.name) continue;
      const group = groups.get(name)!;
      items.push({
        session_id: sessionId!,
        name,
        event_count: group.count,
        first_timestamp: formatEventTimestamp(group.first),
        last_timestamp: formatEventTimestamp(group.last),
        categories: [...group.categories].sort(),
      });
    }
    groups.clear();
  };

  for await (const row of rows) {
    if (row.session_id !== sessionId) {
      flush();
      if (items.length > limit) break;
      sessionId = row.session_id;
    }
    const group = groups.get(row.name);
    if (group) {
      group.count += 1;
      group.last = row.ts_us;
      group.categories.add(row.category);
    } else {
      groups.set(row.name, {
        count: 1,
        first: row.ts_us,
        last: row.ts_us,
        categories: new Set([row.category]),
      });
    }
  }
  flush();
  return { items: items.slice(0, limit), more: items.length > limit };
}
