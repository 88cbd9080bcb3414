import { ErrorCode, eventKey } from '@eventline/contracts';
import { QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { REPLY_HEADROOM_BYTES, ReplyBudget } from '../../pages/reply-budget.js';
import { QueryValidationError } from '../../errors/query-validation.error.js';
import { EventsPageService } from '../events-page.service.js';
import { eventRow, FakeEventsQueryRepository } from '../events-repository.fixture.js';
import { ListEventsUseCase } from './list-events.use-case.js';

const SHOP = { app: 'shop', all: false };
const EVERY_APP = { app: 'ops', all: true };
const T0 = Date.UTC(2021, 8, 26, 9, 15, 27) * 1000;

function setUp() {
  const repository = new FakeEventsQueryRepository();
  const useCase = new ListEventsUseCase(
    new EventsPageService(repository, new QueryCursorCodec('unit-secret'), new ReplyBudget(() => undefined)),
  );
  return { repository, useCase };
}

describe('ListEventsUseCase', () => {
  it('reads only the caller’s application when its key is scoped, in ascending order by default', async () => {
    const { repository, useCase } = setUp();
    await useCase.execute({ scope: SHOP, params: { category: 'party', limit: '10' } });
    expect(repository.finds).toEqual([
      { filter: { category: 'party', name: 'shop' }, order: 'asc', limit: 11 },
    ]);
  });

  it('gives the read the time left of the limit the gateway sent, as maxTimeMS', async () => {
    const { repository, useCase } = setUp();
    await useCase.execute({ scope: SHOP, params: {}, time_limit_ms: 1600 });
    expect(repository.maxTimes).toHaveLength(1);
    expect(repository.maxTimes[0]).toBeGreaterThan(1500);
    expect(repository.maxTimes[0]).toBeLessThanOrEqual(1600);
  });

  it('answers an empty page without reading when a scoped key names another application', async () => {
    const { repository, useCase } = setUp();
    expect(await useCase.execute({ scope: SHOP, params: { name: 'blog' } })).toEqual({
      items: [],
      next_cursor: null,
    });
    expect(repository.finds).toEqual([]);
  });

  it('reads every application, or the one it names, for a key with query:all', async () => {
    const { repository, useCase } = setUp();
    await useCase.execute({ scope: EVERY_APP, params: {} });
    await useCase.execute({ scope: EVERY_APP, params: { name: 'blog', order: 'desc' } });
    expect(repository.finds.map(({ filter, order }) => ({ filter, order }))).toEqual([
      { filter: {}, order: 'asc' },
      { filter: { name: 'blog' }, order: 'desc' },
    ]);
  });

  it('passes the time range on as epoch microseconds, start inclusive and end exclusive', async () => {
    const { repository, useCase } = setUp();
    await useCase.execute({
      scope: SHOP,
      params: { start: '2021-09-26 09:15:27', end: '2021-09-26 09:15:28.5' },
    });
    expect(repository.finds[0].filter).toEqual({ name: 'shop', start_us: T0, end_us: T0 + 1_500_000 });
  });

  it('turns rows into items with the event id and timestamps in the posted format', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', T0 + 243_860)];
    expect(await useCase.execute({ scope: SHOP, params: {} })).toEqual({
      items: [
        {
          event_id: 'e-1',
          session_id: 'd1000000-0000-4000-8000-000000000001',
          category: 'party',
          name: 'shop',
          data: { host: 'www.party.com', path: '/' },
          timestamp: '2021-09-26 09:15:27.243860',
          received_at: '2026-01-02 03:04:05.678000',
        },
      ],
      next_cursor: null,
    });
  });

  it('issues a cursor only when a row beyond the page exists, and resumes strictly after the page', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', T0, 1), eventRow('e-2', T0, 2), eventRow('e-3', T0 + 1, 2)];
    const first = await useCase.execute({ scope: SHOP, params: { limit: '2' } });
    expect(first.items.map((item) => item.event_id)).toEqual(['e-1', 'e-2']);
    expect(first.next_cursor).toEqual(expect.any(String));

    await useCase.execute({ scope: SHOP, params: { limit: '2', cursor: first.next_cursor } });
    expect(repository.finds[1].after).toEqual({ ts_us: T0, seq: 2, id: eventKey('shop', 'e-2') });

    repository.eventRows = [eventRow('e-3', T0 + 1, 2)];
    expect((await useCase.execute({ scope: SHOP, params: { limit: '2' } })).next_cursor).toBeNull();
  });

  it('refuses a cursor issued for other filters or another key’s scope, before reading', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', T0), eventRow('e-2', T0 + 1)];
    const { next_cursor } = await useCase.execute({ scope: SHOP, params: { limit: '1' } });
    const reads = repository.finds.length;
    for (const request of [
      { scope: SHOP, params: { limit: '1', category: 'click', cursor: next_cursor } },
      { scope: { app: 'blog', all: false }, params: { limit: '1', cursor: next_cursor } },
    ]) {
      await expect(useCase.execute(request)).rejects.toMatchObject({
        code: ErrorCode.InvalidCursor,
        field: 'cursor',
      });
    }
    expect(repository.finds).toHaveLength(reads);
  });

  it('refuses invalid filters naming the field and code, and a request without an application in its scope, before reading', async () => {
    const { repository, useCase } = setUp();
    const failure = await useCase
      .execute({ scope: SHOP, params: { limit: '5000' } })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(QueryValidationError);
    expect(failure).toMatchObject({ code: ErrorCode.InvalidLimit, field: 'limit' });
    await expect(useCase.execute({ scope: SHOP, params: { category: { $ne: 'x' } } })).rejects.toMatchObject({
      field: 'category',
    });
    await expect(useCase.execute({ scope: { app: '', all: false }, params: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidParameter,
      field: 'scope',
    });
    expect(repository.finds).toEqual([]);
  });

  it('ends a page early, with a cursor, where its items would outgrow one NATS reply, and never below one item', async () => {
    const repository = new FakeEventsQueryRepository();
    // A server whose max_payload leaves room for two of these ~1.2 KB items.
    const budget = new ReplyBudget(() => REPLY_HEADROOM_BYTES + 2600);
    const useCase = new ListEventsUseCase(
      new EventsPageService(repository, new QueryCursorCodec('unit-secret'), budget),
    );
    const big = { host: 'h'.repeat(1000), path: '/' };
    repository.eventRows = [1, 2, 3].map((n) => eventRow(`e-${n}`, T0 + n, n, { data: big }));
    const first = await useCase.execute({ scope: SHOP, params: { limit: '1000' } });
    expect(first.items.map((item) => item.event_id)).toEqual(['e-1', 'e-2']);
    expect(first.next_cursor).toEqual(expect.any(String));
    await useCase.execute({ scope: SHOP, params: { limit: '1000', cursor: first.next_cursor } });
    expect(repository.finds[1].after).toEqual({ ts_us: T0 + 2, seq: 2, id: eventKey('shop', 'e-2') });

    repository.eventRows = [eventRow('huge', T0, 1, { data: { host: 'h'.repeat(5000), path: '/' } })];
    const alone = await useCase.execute({ scope: SHOP, params: {} });
    expect(alone).toEqual({ items: [expect.objectContaining({ event_id: 'huge' })], next_cursor: null });
  });
});
