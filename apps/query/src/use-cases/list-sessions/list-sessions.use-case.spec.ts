import { ErrorCode } from '@eventline/contracts';
import type { SessionEventRow } from '@eventline/storage';
import { QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { ReplyBudget } from '../../pages/reply-budget.js';
import { FakeEventsQueryRepository } from '../events-repository.fixture.js';
import { ListSessionsUseCase } from './list-sessions.use-case.js';

const S1 = '10000000-0000-4000-8000-000000000000';
const S2 = '20000000-0000-4000-8000-000000000000';
const S3 = '30000000-0000-4000-8000-000000000000';
const T0 = Date.UTC(2021, 8, 26, 9, 15, 27) * 1000;
const SHOP = { app: 'shop', all: false };
const EVERY_APP = { app: 'ops', all: true };

function row(session_id: string, name: string, category: string, ts_us: number): SessionEventRow {
  return { session_id, name, category, ts_us };
}

function setUp(rows: SessionEventRow[] = []) {
  const repository = new FakeEventsQueryRepository();
  repository.sessionRows = rows;
  const recent = {
    reads: [] as unknown[][],
    read: async (...args: unknown[]) => {
      recent.reads.push(args.slice(0, 3));
      return { items: [], next_cursor: null };
    },
  };
  return {
    repository,
    recent,
    useCase: new ListSessionsUseCase(
      repository,
      new QueryCursorCodec('unit-secret'),
      new ReplyBudget(() => undefined),
      recent,
    ),
  };
}

describe('ListSessionsUseCase', () => {
  it('scans the caller’s application with the filters and groups the rows into sessions', async () => {
    const { repository, useCase } = setUp([
      row(S1, 'shop', 'party', T0 + 1),
      row(S1, 'shop', 'click', T0 + 7),
      row(S2, 'shop', 'party', T0 + 3),
    ]);
    const page = await useCase.execute({
      scope: SHOP,
      params: { category: 'party', start: '2021-09-26 09:15:27' },
    });
    expect(repository.scans).toEqual([{ filter: { name: 'shop', category: 'party', start_us: T0 } }]);
    expect(page).toEqual({
      items: [
        {
          session_id: S1,
          name: 'shop',
          event_count: 2,
          first_timestamp: '2021-09-26 09:15:27.000001',
          last_timestamp: '2021-09-26 09:15:27.000007',
          categories: ['click', 'party'],
        },
        {
          session_id: S2,
          name: 'shop',
          event_count: 1,
          first_timestamp: '2021-09-26 09:15:27.000003',
          last_timestamp: '2021-09-26 09:15:27.000003',
          categories: ['party'],
        },
      ],
      next_cursor: null,
    });
  });

  it('answers an empty page without scanning when a scoped key names another application', async () => {
    const { repository, useCase } = setUp([row(S1, 'blog', 'party', T0)]);
    expect(await useCase.execute({ scope: SHOP, params: { name: 'blog' } })).toEqual({
      items: [],
      next_cursor: null,
    });
    expect(repository.scans).toEqual([]);
  });

  it('pages by session and application: the next page resumes after the last one returned', async () => {
    const { repository, useCase } = setUp([
      row(S1, 'blog', 'party', T0),
      row(S1, 'shop', 'party', T0 + 1),
      row(S2, 'shop', 'party', T0 + 2),
      row(S3, 'blog', 'party', T0 + 3),
    ]);
    const first = await useCase.execute({ scope: EVERY_APP, params: { limit: '2' } });
    expect(first.items.map((s) => [s.session_id, s.name])).toEqual([
      [S1, 'blog'],
      [S1, 'shop'],
    ]);
    const second = await useCase.execute({
      scope: EVERY_APP,
      params: { limit: '2', cursor: first.next_cursor },
    });
    expect(repository.scans[1]).toEqual({ filter: {}, fromSessionId: S1 });
    expect(second.items.map((s) => [s.session_id, s.name])).toEqual([
      [S2, 'shop'],
      [S3, 'blog'],
    ]);
    expect(second.next_cursor).toBeNull();
  });

  it('refuses a cursor issued for other filters, and invalid filters, naming the field', async () => {
    const { repository, useCase } = setUp([row(S1, 'shop', 'party', T0), row(S2, 'shop', 'party', T0)]);
    const { next_cursor } = await useCase.execute({ scope: SHOP, params: { limit: '1' } });
    await expect(
      useCase.execute({ scope: SHOP, params: { limit: '1', category: 'click', cursor: next_cursor } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidCursor, field: 'cursor' });
    await expect(useCase.execute({ scope: SHOP, params: { order: 'desc' } })).rejects.toMatchObject({
      field: 'order',
    });
    expect(repository.scans).toHaveLength(1);
  });

  it('hands order=recent to the recent sessions, with the scoped application, and nothing to the scan', async () => {
    const { repository, recent, useCase } = setUp([row(S1, 'shop', 'party', T0)]);
    await useCase.execute({ scope: SHOP, params: { order: 'recent', category: 'click' } });
    await useCase.execute({ scope: EVERY_APP, params: { order: 'recent' } });
    await useCase.execute({ scope: SHOP, params: { order: 'recent', name: 'blog' } });
    expect(recent.reads).toEqual([
      ['shop', 'shop', { order: 'recent', category: 'click', limit: 100 }],
      ['*', undefined, { order: 'recent', limit: 100 }],
    ]);
    expect(repository.scans).toEqual([]);
  });

  it('keeps session_id order the default: a cursor issued before `order` existed still pages', async () => {
    const { useCase } = setUp([row(S1, 'shop', 'party', T0), row(S2, 'shop', 'party', T0)]);
    const codec = new QueryCursorCodec('unit-secret');
    // What the service issued before `order`: bound to kind, scope and filter only.
    const cursor = codec.encode({ kind: 'sessions', scope: 'shop', filter: { name: 'shop' } }, [S1, 'shop']);
    const page = await useCase.execute({ scope: SHOP, params: { cursor } });
    expect(page.items.map((s) => s.session_id)).toEqual([S2]);
  });
});
