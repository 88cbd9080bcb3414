import {
  ErrorCode,
  QueryRequest,
  sessionKey,
  validateSessionsQuery,
  ValidSessionsQuery,
} from '@eventline/contracts';
import type { RecentSessionsFilter, SessionPosition, SessionSummaryRow } from '@eventline/storage';
import { QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { QueryDeadline } from '../../limits/query-deadline.js';
import { ReplyBudget } from '../../pages/reply-budget.js';
import { RecentSessionsService } from './recent-sessions.service.js';

const T0 = Date.UTC(2021, 8, 26, 9, 15, 27) * 1000;
const session = (n: number) => `${n}0000000-0000-4000-8000-000000000000`;

function summary(n: number, last_us: number, overrides: Partial<SessionSummaryRow> = {}): SessionSummaryRow {
  const application = overrides.application ?? 'shop';
  return {
    _id: sessionKey(application, session(n)),
    application,
    session_id: session(n),
    first_us: last_us - 10,
    last_us,
    categories: ['party', 'click'],
    ...overrides,
  };
}

/** Summaries in the list's order, as the database would give them after `after`; counts per session. */
class FakeStore {
  readonly finds: Array<{ filter: RecentSessionsFilter; limit: number; after?: SessionPosition }> = [];
  readonly counted: string[] = [];
  counts = new Map<string, number>();
  constructor(private readonly rows: SessionSummaryRow[]) {}

  async findRecent(filter: RecentSessionsFilter, limit: number, _maxTimeMs: number, after?: SessionPosition) {
    this.finds.push({ filter, limit, ...(after ? { after } : {}) });
    const sorted = [...this.rows].sort((a, b) => b.last_us - a.last_us || (a._id < b._id ? 1 : -1));
    const rest = after
      ? sorted.filter((r) => r.last_us < after.last_us || (r.last_us === after.last_us && r._id < after.id))
      : sorted;
    return rest.slice(0, limit);
  }

  async countSessionEvents(name: string, sessionId: string) {
    this.counted.push(sessionId);
    return this.counts.get(sessionId) ?? 1;
  }
}

function setUp(rows: SessionSummaryRow[], budgetBytes?: number) {
  const store = new FakeStore(rows);
  const cursors = new QueryCursorCodec('unit-secret');
  const budget = new ReplyBudget(() => (budgetBytes === undefined ? undefined : budgetBytes + 16 * 1024));
  const service = new RecentSessionsService(store, store, cursors, budget);
  const read = (
    params: Record<string, unknown>,
    scope = 'shop',
    application: string | undefined = 'shop',
  ) => {
    const valid = validateSessionsQuery({ order: 'recent', ...params });
    if (!valid.ok) throw new Error(JSON.stringify(valid.errors));
    const request: QueryRequest = { scope: { app: scope, all: scope === '*' }, params };
    return service.read(scope, application, valid.query as ValidSessionsQuery, QueryDeadline.of(request));
  };
  return { store, read };
}

describe('RecentSessionsService', () => {
  it('lists whole sessions newest last activity first, each counted exactly', async () => {
    const { store, read } = setUp([summary(1, T0 + 5), summary(2, T0 + 9), summary(3, T0 + 7)]);
    store.counts.set(session(2), 12);
    const page = await read({ category: 'party', start: '2021-09-26 09:15:27' });
    expect(store.finds).toEqual([
      { filter: { application: 'shop', category: 'party', start_us: T0 }, limit: 101 },
    ]);
    expect(page).toEqual({
      items: [
        {
          session_id: session(2),
          name: 'shop',
          event_count: 12,
          first_timestamp: '2021-09-26 09:15:26.999999',
          last_timestamp: '2021-09-26 09:15:27.000009',
          categories: ['click', 'party'],
        },
        expect.objectContaining({ session_id: session(3), event_count: 1 }),
        expect.objectContaining({ session_id: session(1), event_count: 1 }),
      ],
      next_cursor: null,
    });
  });

  it('pages on (last_us, session key) with no repeat and no gap, ties included', async () => {
    const rows = [
      summary(1, T0 + 5),
      summary(2, T0 + 5),
      summary(3, T0 + 5),
      summary(4, T0 + 1),
      summary(5, T0),
    ];
    const { store, read } = setUp(rows);
    const seen: string[] = [];
    let cursor: string | null | undefined;
    do {
      const page = await read({ limit: '2', ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((s) => s.session_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual([session(3), session(2), session(1), session(4), session(5)]);
    expect(store.finds[1].after).toEqual({ last_us: T0 + 5, id: sessionKey('shop', session(2)) });
  });

  it('binds its cursors to the order, the scope and the filters', async () => {
    const { read } = setUp([summary(1, T0 + 5), summary(2, T0 + 4)]);
    const { next_cursor } = await read({ limit: '1' });
    await expect(read({ limit: '1', category: 'click', cursor: next_cursor })).rejects.toMatchObject({
      code: ErrorCode.InvalidCursor,
    });
    await expect(read({ limit: '1', cursor: next_cursor }, '*', undefined)).rejects.toMatchObject({
      code: ErrorCode.InvalidCursor,
    });
    const byId = new QueryCursorCodec('unit-secret').encode(
      { kind: 'sessions', scope: 'shop', filter: { name: 'shop' } },
      [session(1), 'shop'],
    );
    await expect(read({ cursor: byId })).rejects.toMatchObject({ code: ErrorCode.InvalidCursor });
  });

  it('ends a page early where the items would outgrow one reply, counting only the sessions on it', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => summary(i + 1, T0 + 100 - i));
    const { store, read } = setUp(rows, 900);
    const page = await read({ limit: '10' });
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThan(10);
    expect(Buffer.byteLength(JSON.stringify(page.items))).toBeLessThanOrEqual(900);
    expect(store.counted).toEqual(page.items.map((s) => s.session_id));
    expect(page.next_cursor).not.toBeNull();
  });

  it('leaves out a session whose events are all gone, and pages on past it', async () => {
    const { store, read } = setUp([summary(1, T0 + 5), summary(2, T0 + 4), summary(3, T0 + 3)]);
    store.counts.set(session(1), 0);
    const page = await read({ limit: '2' });
    expect(page.items.map((s) => s.session_id)).toEqual([session(2)]);
    const next = await read({ limit: '2', cursor: page.next_cursor });
    expect(next.items.map((s) => s.session_id)).toEqual([session(3)]);
  });
});
