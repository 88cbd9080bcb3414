import { ErrorCode } from '@eventline/contracts';
import { QueryCursorCodec } from '../../cursor/query-cursor.codec.js';
import { ReplyBudget } from '../../pages/reply-budget.js';
import { SessionNotFoundError } from '../../errors/session-not-found.error.js';
import { EventsPageService } from '../events-page.service.js';
import { eventRow, FakeEventsQueryRepository } from '../events-repository.fixture.js';
import { ListEventsUseCase } from '../list-events/list-events.use-case.js';
import { ListSessionEventsUseCase } from './list-session-events.use-case.js';

const SESSION = 'D1000000-0000-4000-8000-000000000001';
const SHOP = { app: 'shop', all: false };

function setUp() {
  const repository = new FakeEventsQueryRepository();
  const useCase = new ListSessionEventsUseCase(
    new EventsPageService(repository, new QueryCursorCodec('unit-secret'), new ReplyBudget(() => undefined)),
  );
  return { repository, useCase };
}

describe('ListSessionEventsUseCase', () => {
  it('reads the session (its id lower-cased) within the caller’s application', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', 1)];
    const page = await useCase.execute({ scope: SHOP, session_id: SESSION, params: { order: 'desc' } });
    expect(page.items.map((item) => item.event_id)).toEqual(['e-1']);
    expect(repository.finds).toEqual([
      { filter: { session_id: SESSION.toLowerCase(), name: 'shop' }, order: 'desc', limit: 101 },
    ]);
  });

  it('answers not_found when the caller sees none of the session, as for a session that does not exist', async () => {
    const { useCase } = setUp();
    const failure = await useCase
      .execute({ scope: SHOP, session_id: SESSION, params: {} })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SessionNotFoundError);
    expect(failure).toMatchObject({ code: ErrorCode.NotFound });
  });

  it('answers an empty later page of an existing session, not not_found', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', 1), eventRow('e-2', 2)];
    const first = await useCase.execute({ scope: SHOP, session_id: SESSION, params: { limit: '1' } });
    repository.eventRows = [];
    const later = await useCase.execute({
      scope: SHOP,
      session_id: SESSION,
      params: { limit: '1', cursor: first.next_cursor },
    });
    expect(later).toEqual({ items: [], next_cursor: null });
  });

  it('refuses a malformed session id with invalid_session_id, before reading', async () => {
    const { repository, useCase } = setUp();
    await expect(useCase.execute({ scope: SHOP, session_id: 'nope', params: {} })).rejects.toMatchObject({
      code: ErrorCode.InvalidSessionId,
      field: 'session_id',
    });
    expect(repository.finds).toEqual([]);
  });

  it('refuses a cursor of the events list, even one filtered on the same session', async () => {
    const { repository, useCase } = setUp();
    repository.eventRows = [eventRow('e-1', 1), eventRow('e-2', 2)];
    const list = new ListEventsUseCase(
      new EventsPageService(
        repository,
        new QueryCursorCodec('unit-secret'),
        new ReplyBudget(() => undefined),
      ),
    );
    const { next_cursor } = await list.execute({ scope: SHOP, params: { session_id: SESSION, limit: '1' } });
    expect(next_cursor).toEqual(expect.any(String));
    await expect(
      useCase.execute({ scope: SHOP, session_id: SESSION, params: { limit: '1', cursor: next_cursor } }),
    ).rejects.toMatchObject({ code: ErrorCode.InvalidCursor });
  });
});
