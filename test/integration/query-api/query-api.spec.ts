import { ErrorCode } from '@eventline/contracts';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { getWithJsonBody } from '../../support/http-json.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const shopReader = testApiKey('shop', ['query']);
const blogReader = testApiKey('blog', ['query']);
const admin = testApiKey('ops', ['query', 'query:all']);
const shopWriter = testApiKey('shop', ['ingest']);

const S1 = 'a1000000-0000-4000-8000-000000000001';
const S2 = 'a2000000-0000-4000-8000-000000000002';
const BLOG_SESSION = 'b3000000-0000-4000-8000-000000000003';
const MISSING = 'ffffffff-0000-4000-8000-00000000ffff';
const id = (n: number) => `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface Page<T = Record<string, unknown>> {
  items: T[];
  next_cursor: string | null;
}

/** A response body: a page, or an error. */
interface Reply extends Page {
  error: { code: string; field?: string; message: string };
}

describe('query routes through the HTTP gateway, query service and MongoDB-wire server', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('queryapi');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  let store: StoredEvents;
  let replica: QueryReplica;
  let gateway: RunningGateway;

  beforeAll(async () => {
    store = await StoredEvents.connect(dbUrl);
    await store.insert([
      // S1 arrived out of time order; id 2 and id 3 share a timestamp and arrived in that sequence.
      {
        event_id: id(4),
        session_id: S1,
        timestamp: '2021-09-26 09:15:30.000004',
        seq: 10,
        category: 'click',
        data: { element: '#buy' },
      },
      { event_id: id(1), session_id: S1, timestamp: '2021-09-26 09:15:27.243860', seq: 11 },
      { event_id: id(3), session_id: S1, timestamp: '2021-09-26 09:15:28.000001', seq: 13 },
      { event_id: id(2), session_id: S1, timestamp: '2021-09-26 09:15:28.000001', seq: 12 },
      {
        event_id: id(5),
        session_id: S1,
        timestamp: '2021-09-26 09:15:31.500000',
        seq: 14,
        category: 'page_view',
        data: { url: 'https://shop/' },
      },
      { event_id: id(6), session_id: S2, timestamp: '2021-09-26 10:00:00', seq: 15 },
      { event_id: id(7), session_id: BLOG_SESSION, timestamp: '2021-09-26 09:15:29', seq: 16, name: 'blog' },
    ]);
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace });
    gateway = await startGateway({ natsUrl, namespace, keys: [shopReader, blogReader, admin, shopWriter] });
  });

  afterAll(async () => {
    await gateway?.close();
    await replica?.close();
    await store?.dispose();
  });

  async function get(path: string, key = shopReader.key): Promise<{ status: number; json: Reply }> {
    const response = await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, json: (await response.json()) as Reply };
  }

  async function post(
    path: string,
    body: unknown,
    key = shopReader.key,
  ): Promise<{ status: number; json: Reply }> {
    const response = await fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Reply };
  }

  const ids = (page: Page) => page.items.map((e) => e.event_id);

  it('returns a session in (timestamp, sequence) order across limit=2 pages while new events arrive', async () => {
    const seen: Page['items'] = [];
    let page = await get(`/v1/sessions/${S1}/events?limit=2`);
    expect(page.status).toBe(200);
    seen.push(...page.json.items);
    // Stored between page requests: one later than the cursor, one tying the cursor's timestamp.
    await store.insert([
      { event_id: id(8), session_id: S1, timestamp: '2021-09-26 09:15:40', seq: 20 },
      { event_id: id(9), session_id: S1, timestamp: '2021-09-26 09:15:28.000001', seq: 21 },
    ]);
    while (page.json.next_cursor) {
      page = await get(
        `/v1/sessions/${S1}/events?limit=2&cursor=${encodeURIComponent(page.json.next_cursor!)}`,
      );
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.json.items);
    }
    expect(seen.map((e) => [e.event_id, e.timestamp])).toEqual([
      [id(1), '2021-09-26 09:15:27.243860'],
      [id(2), '2021-09-26 09:15:28.000001'],
      [id(3), '2021-09-26 09:15:28.000001'],
      [id(9), '2021-09-26 09:15:28.000001'],
      [id(4), '2021-09-26 09:15:30.000004'],
      [id(5), '2021-09-26 09:15:31.500000'],
      [id(8), '2021-09-26 09:15:40.000000'],
    ]);
    expect(seen[0]).toEqual({
      event_id: id(1),
      session_id: S1,
      category: 'party',
      name: 'shop',
      data: { host: 'www.party.com', path: '/' },
      timestamp: '2021-09-26 09:15:27.243860',
      received_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/),
    });
  });

  it('filters by category, name and a start-inclusive, end-exclusive range in the query string', async () => {
    expect(ids((await get('/v1/events?category=click')).json)).toEqual([id(4)]);
    const range = await get(
      `/v1/events?session_id=${S1}&start=2021-09-26%2009:15:28.000001&end=2021-09-26%2009:15:31.5`,
    );
    expect(ids(range.json)).toEqual([id(2), id(3), id(9), id(4)]);
    expect(ids((await get('/v1/events?name=blog', admin.key)).json)).toEqual([id(7)]);
  });

  it('takes the same filters as a JSON body on GET /v1/events and on POST /v1/events/query', async () => {
    const filters = {
      session_id: S1,
      start: '2021-09-26T09:15:28.000001Z',
      end: '2021-09-26 09:15:31.500000',
      order: 'desc',
    };
    const viaGet = await getWithJsonBody(`${gateway.url}/v1/events`, filters, {
      authorization: `Bearer ${shopReader.key}`,
    });
    const viaPost = await post('/v1/events/query', filters);
    expect(viaGet.status).toBe(200);
    expect(viaPost.status).toBe(200);
    expect(ids(viaGet.json as Page)).toEqual([id(4), id(9), id(3), id(2)]);
    expect(viaPost.json).toEqual(viaGet.json);
    expect(ids((await post('/v1/events/query', { category: 'page_view' })).json)).toEqual([id(5)]);
  });

  it('groups events by session with counts, first and last timestamps and categories', async () => {
    const { status, json } = await get('/v1/sessions');
    expect(status).toBe(200);
    expect(json).toEqual({
      next_cursor: null,
      items: [
        {
          session_id: S1,
          name: 'shop',
          event_count: 7,
          first_timestamp: '2021-09-26 09:15:27.243860',
          last_timestamp: '2021-09-26 09:15:40.000000',
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
    const clicks = await get('/v1/sessions?category=click&limit=1');
    expect(clicks.json.items).toEqual([
      expect.objectContaining({ session_id: S1, event_count: 1, categories: ['click'] }),
    ]);
  });

  it.each([
    ['an unknown parameter', '/v1/events?sort=ts', 'sort', ErrorCode.UnexpectedField],
    [
      'an operator smuggled in brackets',
      '/v1/events?category[$ne]=x',
      'category[$ne]',
      ErrorCode.UnexpectedField,
    ],
    ['a repeated parameter', '/v1/events?name=a&name=b', 'name', ErrorCode.InvalidParameter],
    [
      'start equal to end',
      '/v1/events?start=2021-09-26%2009:00:00&end=2021-09-26%2009:00:00',
      'end',
      ErrorCode.InvalidRange,
    ],
    [
      'start after end',
      '/v1/sessions?start=2021-09-27%2000:00:00&end=2021-09-26%2000:00:00',
      'end',
      ErrorCode.InvalidRange,
    ],
    ['a date without a time', '/v1/sessions?start=2021-09-27', 'start', ErrorCode.InvalidTimestamp],
    [
      'an impossible timestamp',
      '/v1/events?start=2021-02-30%2000:00:00',
      'start',
      ErrorCode.InvalidTimestamp,
    ],
    ['limit 0', '/v1/events?limit=0', 'limit', ErrorCode.InvalidLimit],
    ['limit 1001', `/v1/sessions/${S1}/events?limit=1001`, 'limit', ErrorCode.InvalidLimit],
    ['a malformed cursor', '/v1/events?cursor=not-a-cursor', 'cursor', ErrorCode.InvalidCursor],
    [
      'a forged cursor',
      '/v1/events?cursor=WzEsMiwiYSJd.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      'cursor',
      ErrorCode.InvalidCursor,
    ],
    ['an unregistered category', '/v1/events?category=nope', 'category', ErrorCode.UnknownCategory],
    [
      'a session id that is not a UUID',
      '/v1/sessions/not-a-uuid/events',
      'session_id',
      ErrorCode.InvalidSessionId,
    ],
    ['an order other than asc/desc', '/v1/events?order=sideways', 'order', ErrorCode.InvalidParameter],
  ])('refuses %s with 400 naming the field and code', async (_label, path, field, code) => {
    const { status, json } = await get(path);
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ field, code });
  });

  it('refuses an operator object in a JSON body with 400 naming the field', async () => {
    const { status, json } = await post('/v1/events/query', { name: { $gt: '' } });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ field: 'name', code: ErrorCode.InvalidParameter });
  });

  it("refuses a cursor from another query's filters", async () => {
    const first = await get('/v1/events?limit=1');
    const { status, json } = await get(
      `/v1/events?limit=1&category=party&cursor=${encodeURIComponent(first.json.next_cursor!)}`,
    );
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ field: 'cursor', code: ErrorCode.InvalidCursor });
  });

  it('answers 403 to a key without the query scope, 401 without a key', async () => {
    expect((await get('/v1/events', shopWriter.key)).status).toBe(403);
    expect((await get(`/v1/sessions/${S1}/events`, shopWriter.key)).json.error.code).toBe(
      ErrorCode.Forbidden,
    );
    expect((await fetch(`${gateway.url}/v1/sessions`)).status).toBe(401);
  });

  it("hides other applications' events: their session is a 404 like a missing one, absent from lists", async () => {
    const foreign = await get(`/v1/sessions/${BLOG_SESSION}/events`);
    const missing = await get(`/v1/sessions/${MISSING}/events`);
    expect(foreign.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(foreign.json.error.code).toBe(ErrorCode.NotFound);
    expect(JSON.stringify(foreign.json).replace(BLOG_SESSION, 'X')).toBe(
      JSON.stringify(missing.json).replace(MISSING, 'X'),
    );
    expect((await get('/v1/events?limit=1000')).json.items.map((e) => e.name)).not.toContain('blog');
    expect((await get('/v1/events?name=blog')).json.items).toEqual([]);
    expect((await get('/v1/sessions')).json.items.map((s) => s.session_id)).not.toContain(BLOG_SESSION);
    expect(ids((await get(`/v1/sessions/${BLOG_SESSION}/events`, blogReader.key)).json)).toEqual([id(7)]);
  });

  it('lets a query:all key read every application', async () => {
    expect(ids((await get(`/v1/sessions/${BLOG_SESSION}/events`, admin.key)).json)).toEqual([id(7)]);
    const sessions = (await get('/v1/sessions', admin.key)).json.items.map((s) => [s.session_id, s.name]);
    expect(sessions).toEqual([
      [S1, 'shop'],
      [S2, 'shop'],
      [BLOG_SESSION, 'blog'],
    ]);
    expect((await get('/v1/events?limit=1000', admin.key)).json.items).toHaveLength(9);
  });

  it('publishes the query routes and their parameters in the OpenAPI document (/docs-json)', async () => {
    const document = await (await fetch(`${gateway.url}/docs-json`)).json();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/v1/sessions/{session_id}/events',
        '/v1/events',
        '/v1/events/query',
        '/v1/sessions',
      ]),
    );
    const parameters = document.paths['/v1/events'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters).toEqual(
      expect.arrayContaining(['session_id', 'category', 'name', 'start', 'end', 'order', 'limit', 'cursor']),
    );
  });
});
