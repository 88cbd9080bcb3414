import { INestApplication } from '@nestjs/common';
import {
  ErrorCode,
  EventItem,
  QueryErrorKind,
  QueryPage,
  QuerySubject,
  SessionItem,
} from '@eventline/contracts';
import { loadConfig } from '@eventline/config';
import { QueryConfig } from '../../../apps/query/src/query.config.js';
import { startQueryService } from '../../../apps/query/src/query-service.factory.js';
import { queryClient } from '../../support/query-client.js';
import { rawRequest } from '../../support/raw-http.js';
import { TEST_QUERY_SIGNING_SECRET } from '../../support/query-signing.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const SHOP = { app: 'shop', all: false };
const BLOG = { app: 'blog', all: false };
const ADMIN = { app: 'ops', all: true };

const S1 = 'a1000000-0000-4000-8000-000000000001';
const S2 = 'a2000000-0000-4000-8000-000000000002';
const S3 = 'b3000000-0000-4000-8000-000000000003';
const id = (n: number) => `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('query service over NATS request-reply and the MongoDB-wire server', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('querysvc');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  let store: StoredEvents;
  let service: INestApplication;
  let client: ReturnType<typeof queryClient>;

  beforeAll(async () => {
    store = await StoredEvents.connect(dbUrl);
    await store.insert([
      // Session 1 (shop), stored out of time order; ids 2 and 3 share a timestamp, seq breaks the tie.
      { event_id: id(4), session_id: S1, timestamp: '2021-09-26 09:15:30.000004', seq: 1, category: 'click' },
      { event_id: id(1), session_id: S1, timestamp: '2021-09-26 09:15:27.243860', seq: 2 },
      { event_id: id(3), session_id: S1, timestamp: '2021-09-26 09:15:28.000001', seq: 4 },
      { event_id: id(2), session_id: S1, timestamp: '2021-09-26 09:15:28.000001', seq: 3 },
      {
        event_id: id(5),
        session_id: S1,
        timestamp: '2021-09-26 09:15:31.500000',
        seq: 5,
        category: 'page_view',
      },
      // Session 2 (shop) and session 3 (blog).
      { event_id: id(6), session_id: S2, timestamp: '2021-09-26 10:00:00', seq: 6 },
      { event_id: id(7), session_id: S3, timestamp: '2021-09-26 09:15:29', seq: 7, name: 'blog' },
    ]);
    const config = loadConfig(QueryConfig, {
      NATS_URL: natsUrl,
      MONGO_URL: dbUrl,
      EVENTLINE_NAMESPACE: namespace,
      QUERY_CURSOR_SECRET: 'integration-test-secret',
      QUERY_SIGNING_SECRET: TEST_QUERY_SIGNING_SECRET,
      LOG_LEVEL: 'silent',
      HEALTH_PORT: '0',
      HEALTH_HOST: '127.0.0.1',
    });
    service = await startQueryService(config);
    client = queryClient(natsUrl, namespace);
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await store?.dispose();
  });

  const sessionPage = (session_id: string, params: object = {}, scope = SHOP) =>
    client.request<QueryPage<EventItem>>(QuerySubject.SessionEvents, { scope, session_id, params });
  const eventsPage = (params: object, scope = SHOP) =>
    client.request<QueryPage<EventItem>>(QuerySubject.EventsList, { scope, params });

  it('reports itself ready once MongoDB and NATS are reachable', async () => {
    const response = await fetch(`${await service.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      info: { mongodb: { status: 'up' }, nats: { status: 'up' } },
    });
  });

  it('reads no request body on its health port: 413 on the declared length, before any byte arrives', async () => {
    const url = await service.getUrl();
    for (const line of ['POST /nope', 'POST /health/live', 'GET /metrics']) {
      const answer = await rawRequest(
        url,
        `${line} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n`,
      );
      expect({ line, status: answer?.status }).toEqual({ line, status: line.startsWith('GET') ? 200 : 413 });
    }
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });

  it('returns a session in (timestamp, sequence) order with microseconds, across pages of two', async () => {
    const first = await sessionPage(S1, { limit: '2' });
    expect(first.items.map((e) => [e.event_id, e.timestamp])).toEqual([
      [id(1), '2021-09-26 09:15:27.243860'],
      [id(2), '2021-09-26 09:15:28.000001'],
    ]);
    expect(first.items[0]).toEqual({
      event_id: id(1),
      session_id: S1,
      category: 'party',
      name: 'shop',
      data: { host: 'www.party.com', path: '/' },
      timestamp: '2021-09-26 09:15:27.243860',
      received_at: '2026-01-01 00:00:00.002000',
    });
    const second = await sessionPage(S1, { limit: '2', cursor: first.next_cursor });
    const third = await sessionPage(S1, { limit: '2', cursor: second.next_cursor });
    expect(second.items.map((e) => e.event_id)).toEqual([id(3), id(4)]);
    expect(third.items.map((e) => e.event_id)).toEqual([id(5)]);
    expect(third.next_cursor).toBeNull();
  });

  it('pages backwards in descending order', async () => {
    const first = await eventsPage({ session_id: S1, order: 'desc', limit: 3 });
    const second = await eventsPage({ session_id: S1, order: 'desc', limit: 3, cursor: first.next_cursor });
    expect([...first.items, ...second.items].map((e) => e.event_id)).toEqual([
      id(5),
      id(4),
      id(3),
      id(2),
      id(1),
    ]);
    expect(second.next_cursor).toBeNull();
  });

  it('filters by category and by a half-open time range', async () => {
    const clicks = await eventsPage({ category: 'click' });
    expect(clicks.items.map((e) => e.event_id)).toEqual([id(4)]);
    const range = await eventsPage({
      start: '2021-09-26 09:15:28.000001',
      end: '2021-09-26 09:15:31.500000',
    });
    expect(range.items.map((e) => e.event_id)).toEqual([id(2), id(3), id(4)]);
  });

  it('keeps each key to its own application unless it may read every app', async () => {
    expect((await eventsPage({})).items.map((e) => e.name)).not.toContain('blog');
    expect((await eventsPage({ name: 'blog' })).items).toEqual([]);
    expect((await eventsPage({}, BLOG)).items.map((e) => e.event_id)).toEqual([id(7)]);
    expect((await eventsPage({ name: 'blog' }, ADMIN)).items.map((e) => e.event_id)).toEqual([id(7)]);
    expect((await eventsPage({}, ADMIN)).items).toHaveLength(7);
  });

  it("answers another application's session exactly like a missing one", async () => {
    const foreign = await client.failure(QuerySubject.SessionEvents, {
      scope: SHOP,
      session_id: S3,
      params: {},
    });
    const missing = await client.failure(QuerySubject.SessionEvents, {
      scope: SHOP,
      session_id: 'ffffffff-0000-4000-8000-000000000000',
      params: {},
    });
    expect(foreign).toMatchObject({ kind: QueryErrorKind.NotFound, code: ErrorCode.NotFound });
    expect(missing).toMatchObject({ kind: QueryErrorKind.NotFound, code: ErrorCode.NotFound });
    expect((foreign as { message: string }).message.replace(S3, 'X')).toBe(
      (missing as { message: string }).message.replace('ffffffff-0000-4000-8000-000000000000', 'X'),
    );
  });

  it('groups events by session with counts, first and last timestamps and categories', async () => {
    const page = await client.request<QueryPage<SessionItem>>(QuerySubject.SessionsList, {
      scope: SHOP,
      params: {},
    });
    expect(page).toEqual({
      next_cursor: null,
      items: [
        {
          session_id: S1,
          name: 'shop',
          event_count: 5,
          first_timestamp: '2021-09-26 09:15:27.243860',
          last_timestamp: '2021-09-26 09:15:31.500000',
          categories: ['click', 'page_view', 'party'],
        },
        {
          session_id: S2,
          name: 'shop',
          event_count: 1,
          first_timestamp: '2021-09-26 10:00:00.000000',
          last_timestamp: '2021-09-26 10:00:00.000000',
          categories: ['party'],
        },
      ],
    });
  });

  it('pages the sessions list and counts only events matching the filters', async () => {
    const first = await client.request<QueryPage<SessionItem>>(QuerySubject.SessionsList, {
      scope: ADMIN,
      params: { limit: 2 },
    });
    const second = await client.request<QueryPage<SessionItem>>(QuerySubject.SessionsList, {
      scope: ADMIN,
      params: { limit: 2, cursor: first.next_cursor },
    });
    expect([...first.items, ...second.items].map((s) => [s.session_id, s.name])).toEqual([
      [S1, 'shop'],
      [S2, 'shop'],
      [S3, 'blog'],
    ]);
    expect(second.next_cursor).toBeNull();
    const parties = await client.request<QueryPage<SessionItem>>(QuerySubject.SessionsList, {
      scope: SHOP,
      params: { category: 'party', end: '2021-09-26 10:00:00' },
    });
    expect(parties.items).toEqual([
      expect.objectContaining({ session_id: S1, event_count: 3, categories: ['party'] }),
    ]);
  });

  it('replies with a typed validation error naming each bad field', async () => {
    const reply = await client.failure(QuerySubject.EventsList, {
      scope: SHOP,
      params: { category: { $ne: 'x' }, limit: '5000', foo: 'bar' },
    });
    expect(reply).toMatchObject({ kind: QueryErrorKind.Validation });
    expect(
      (reply as { errors: { field: string; code: string }[] }).errors.map(({ field, code }) => ({
        field,
        code,
      })),
    ).toEqual(
      expect.arrayContaining([
        { field: 'category', code: ErrorCode.InvalidParameter },
        { field: 'limit', code: ErrorCode.InvalidLimit },
        { field: 'foo', code: ErrorCode.UnexpectedField },
      ]),
    );
  });

  it('refuses a cursor carried over to other filters or another application', async () => {
    const page = await eventsPage({ limit: 1 });
    const otherFilter = await client.failure(QuerySubject.EventsList, {
      scope: SHOP,
      params: { limit: 1, category: 'party', cursor: page.next_cursor },
    });
    const otherApp = await client.failure(QuerySubject.EventsList, {
      scope: BLOG,
      params: { limit: 1, cursor: page.next_cursor },
    });
    expect(otherFilter).toMatchObject({ kind: QueryErrorKind.Validation, code: ErrorCode.InvalidCursor });
    expect(otherApp).toMatchObject({ kind: QueryErrorKind.Validation, code: ErrorCode.InvalidCursor });
  });
});
