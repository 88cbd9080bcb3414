import { randomUUID } from 'node:crypto';
import {
  CATEGORY_NAMES,
  EventTopology,
  formatEventTimestamp,
  GATEWAY_PUBLISHER_ID,
} from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { LedgerSession, SessionLedger, sessionItemOf, summariesOf } from '../../support/session-ledger.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deleteTestStreams } from '../../support/test-streams.js';
import { consumerState } from '../ingestor/support/consumer-state.js';
import { TestEvent, TestPublisher } from '../ingestor/support/event-publisher.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';

// Sessions newest first (`GET /v1/sessions?order=recent`) end to end: two built ingestor replicas
// keep the summaries while one of them is killed and events are redelivered and sent twice; the
// backfill command runs meanwhile over events stored before; then a ledger of what is stored
// says what every summary and every page must show.
const SECRETS = { shop: 'shop-secret-0123456789', blog: 'blog-secret-0123456789' };
const shopReader = testApiKey('shop', ['query']);
const blogReader = testApiKey('blog', ['query']);
const admin = testApiKey('ops', ['query', 'query:all']);
const BASE_US = Date.UTC(2026, 0, 1) * 1000;
const HOUR_US = 3_600_000_000;
const DATA: Record<string, Record<string, unknown>> = {
  party: { host: 'www.party.com', path: '/' },
  click: { element: '#buy' },
  page_view: { url: 'https://shop.example/cart' },
};

interface Page {
  items: ReturnType<typeof sessionItemOf>[];
  next_cursor: string | null;
}

/** A response body: a page, or an error. */
interface Reply extends Page {
  error?: { code: string; field?: string; message: string };
}

describe('sessions newest first, kept by two ingestor replicas', () => {
  const namespace = uniqueNamespace('recent');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  const env = {
    NATS_URL: natsUrl,
    MONGO_URL: url,
    EVENTLINE_NAMESPACE: namespace,
    INGEST_CATEGORIES: '*',
    PUBLISHER_SECRETS: JSON.stringify({ ...SECRETS, [GATEWAY_PUBLISHER_ID]: SECRETS.shop }),
    // Short, so that what the killed replica held is redelivered within the test.
    ACK_WAIT_MS: '3000',
    INGEST_BATCH_SIZE: '20',
  };
  let nc: NatsConnection;
  let seeded: StoredEvents;
  let ledger: SessionLedger;
  let replica: QueryReplica;
  let gateway: RunningGateway;
  const ingestors: IngestorProcess[] = [];
  let expected: LedgerSession[];

  async function get(path: string, key = admin.key): Promise<{ status: number; json: Reply }> {
    const response = await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    return { status: response.status, json: (await response.json()) as Reply };
  }

  /** Every page of the list, following next_cursor. */
  async function all(
    query: string,
    key = admin.key,
    limit = 7,
  ): Promise<{ items: Page['items']; pages: number }> {
    const items: Page['items'] = [];
    let pages = 0;
    let cursor: string | null = null;
    do {
      const page = await get(
        `/v1/sessions?${query}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        key,
      );
      expect(page.status).toBe(200);
      expect(page.json.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.json.items);
      cursor = page.json.next_cursor;
      pages++;
    } while (cursor);
    return { items, pages };
  }

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'recent-sessions-test' });
    seeded = await StoredEvents.connect(url);
    ledger = await SessionLedger.open(url);

    const sessions = {
      shop: Array.from({ length: 10 }, () => randomUUID()),
      blog: Array.from({ length: 6 }, () => randomUUID()),
    };
    const event = (app: 'shop' | 'blog', session: string, category: string, ts_us: number): TestEvent => ({
      event_id: randomUUID(),
      session_id: session,
      category,
      name: app,
      data: DATA[category],
      timestamp: formatEventTimestamp(ts_us),
    });
    const random = (n: number) => Math.floor(Math.random() * n);
    const published: TestEvent[] = [];
    for (let i = 0; i < 600; i++) {
      const app = i % 3 === 0 ? 'blog' : 'shop';
      const session = sessions[app][random(sessions[app].length)];
      published.push(
        event(app, session, ['party', 'click', 'page_view'][random(3)], BASE_US + random(HOUR_US)),
      );
    }
    // Two sessions whose last events share one time: the list breaks the tie by session key.
    const tie = BASE_US + 2 * HOUR_US;
    published.push(
      event('shop', sessions.shop[0], 'click', tie),
      event('shop', sessions.shop[1], 'party', tie),
    );

    // Stored before the summaries existed: events of their own sessions, and the first events of
    // sessions that get more now (the backfill must widen what the ingestor starts).
    const old = [
      ...Array.from({ length: 20 }, (_, i) =>
        event(
          i % 2 ? 'shop' : 'blog',
          i % 2 ? randomUUID() : sessions.blog[0],
          'party',
          BASE_US - HOUR_US + i,
        ),
      ),
      event('shop', sessions.shop[2], 'page_view', BASE_US - 2 * HOUR_US),
    ];
    await seeded.insert(old.map((e, i) => ({ ...e, seq: i + 1 })));

    ingestors.push(await IngestorProcess.start(env), await IngestorProcess.start(env));
    replica = await startQueryReplica({ natsUrl, mongoUrl: url, namespace });
    gateway = await startGateway({ natsUrl, namespace, keys: [shopReader, blogReader, admin] });

    const publishers = {
      shop: new TestPublisher(nc, topology, 'shop', SECRETS.shop),
      blog: new TestPublisher(nc, topology, 'blog', SECRETS.blog),
    };
    // Messages of up to 5 events of one app and category, as a backend service would send them.
    const messages = (events: TestEvent[], size: number) => {
      const groups = new Map<string, TestEvent[][]>();
      for (const e of events) {
        const key = `${e.name}/${e.category}`;
        const list = groups.get(key) ?? [[]];
        if (list.at(-1)!.length === size) list.push([]);
        list.at(-1)!.push(e);
        groups.set(key, list);
      }
      return [...groups.entries()].flatMap(([key, list]) =>
        list.map((m) => ({ app: key.split('/')[0] as 'shop' | 'blog', m })),
      );
    };
    const publish = (events: TestEvent[], size: number) =>
      Promise.all(messages(events, size).map(({ app, m }) => publishers[app].publish(m)));

    // The backfill runs while the replicas ingest.
    const backfill = IngestorProcess.run('sessions-backfill.main.js', { MONGO_URL: url }, []);
    await publish(published.slice(0, 300), 5);
    const ran = await backfill;
    expect(ran.code).toBe(0);
    expect(ran.lines.at(-1)).toMatchObject({ events: expect.any(Number), upserts: expect.any(Number) });
    // Stored by a delivery whose summary write never happened (a crash between the two writes),
    // after the backfill: published below, they come back as duplicates and must still reach
    // the summaries.
    await seeded.insert(published.slice(300, 330).map((e, i) => ({ ...e, seq: 1000 + i })));
    // Mid-stream, one replica dies; what it held is redelivered to the other, and a new one starts.
    const before = await ledger.storedEvents();
    const rest = publish(published.slice(300), 5);
    await eventually(async () => expect(await ledger.storedEvents()).toBeGreaterThan(before + 60), {
      intervalMs: 20,
    });
    ingestors[0].kill('SIGKILL');
    await ingestors[0].exited;
    ingestors.push(await IngestorProcess.start(env));
    await rest;
    // Sent twice, packed otherwise (so not deduplicated by the broker): stored once.
    await publish(published.slice(100, 200), 3);

    const total = new Set([...old, ...published].map((e) => e.event_id)).size;
    await eventually(async () => expect(await ledger.storedEvents()).toBe(total), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await eventually(
      async () => {
        for (const category of CATEGORY_NAMES)
          expect(await consumerState(nc, topology, category)).toMatchObject({ ackPending: 0, pending: 0 });
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expected = await ledger.expected();
  }, 180_000);

  afterAll(async () => {
    for (const ingestor of ingestors) ingestor.kill('SIGKILL');
    await gateway?.close();
    await replica?.close();
    await seeded?.close();
    await ledger?.dispose();
    await nc?.drain();
    await deleteTestStreams(natsUrl, namespace);
  }, 60_000);

  it('keeps a summary per session equal to what is stored: bounds and categories, through redeliveries and duplicates', async () => {
    expect(expected.length).toBeGreaterThan(20);
    expect(await ledger.summaries()).toEqual(summariesOf(expected));
  });

  it('pages every session newest last activity first, whole and exactly counted, with no repeat and no gap', async () => {
    const { items, pages } = await all('order=recent');
    expect(pages).toBeGreaterThan(2);
    expect(items).toEqual(expected.map(sessionItemOf));
  });

  it('shows a key only its application’s sessions, and nothing of another named one', async () => {
    expect((await all('order=recent', shopReader.key, 4)).items).toEqual(
      expected.filter((s) => s.application === 'shop').map(sessionItemOf),
    );
    expect((await all('order=recent', blogReader.key, 4)).items).toEqual(
      expected.filter((s) => s.application === 'blog').map(sessionItemOf),
    );
    expect((await get('/v1/sessions?order=recent&name=blog', shopReader.key)).json).toEqual({
      items: [],
      next_cursor: null,
    });
  });

  it('selects whole sessions by application, category and activity within [start, end)', async () => {
    expect((await all('order=recent&name=blog')).items).toEqual(
      expected.filter((s) => s.application === 'blog').map(sessionItemOf),
    );
    expect((await all('order=recent&category=page_view')).items).toEqual(
      expected.filter((s) => s.categories.includes('page_view')).map(sessionItemOf),
    );
    // A window inside the hour most events fall in, and one ending at the first event of many
    // sessions (end exclusive) or starting at the tied last events (start inclusive).
    const windows = [
      [BASE_US + HOUR_US / 3, BASE_US + HOUR_US / 2],
      [BASE_US - 2 * HOUR_US, BASE_US - HOUR_US],
      [BASE_US + 2 * HOUR_US, BASE_US + 3 * HOUR_US],
    ];
    for (const [start, end] of windows) {
      const range = `start=${encodeURIComponent(formatEventTimestamp(start))}&end=${encodeURIComponent(formatEventTimestamp(end))}`;
      const selected = expected.filter((s) => s.first_us < end && s.last_us >= start);
      expect(selected.length).toBeGreaterThan(0);
      expect((await all(`order=recent&${range}`)).items).toEqual(selected.map(sessionItemOf));
    }
  });

  it('keeps session_id order the default, and refuses a bad order or a cursor of the other order', async () => {
    const byId = await get('/v1/sessions?limit=3');
    expect(byId.status).toBe(200);
    const ids = byId.json.items.map((s) => s.session_id);
    expect(ids).toEqual([...ids].sort());
    const bad = await get('/v1/sessions?order=newest');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid_parameter', field: 'order' });
    const crossed = await get(
      `/v1/sessions?order=recent&cursor=${encodeURIComponent(byId.json.next_cursor!)}`,
    );
    expect(crossed.status).toBe(400);
    expect(crossed.json.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
  });
});
