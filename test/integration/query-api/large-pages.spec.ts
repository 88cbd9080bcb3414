import type { NatsConnection } from '@nats-io/transport-node';
import { connectNats } from '@eventline/messaging';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const reader = testApiKey('shop', ['query']);
const SESSION = 'e1000000-0000-4000-8000-000000000001';
const EVENTS = 120;
const STACK_BYTES = 15 * 1024;
const id = (n: number) => `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface Page {
  items: Array<Record<string, unknown>>;
  next_cursor: string | null;
}

describe('pages fit the transport: 120 error events with 15 KB stacks (1.8 MB) read back whole', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('bigpages');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  let store: StoredEvents;
  let replica: QueryReplica;
  let gateway: RunningGateway;
  let maxPayload: number;

  beforeAll(async () => {
    store = await StoredEvents.connect(dbUrl);
    await store.insert(
      Array.from({ length: EVENTS }, (_, i) => ({
        event_id: id(i + 1),
        session_id: SESSION,
        category: 'error',
        timestamp: `2021-09-26 09:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000001`,
        seq: i + 1,
        data: {
          message: `boom ${i + 1}`,
          stack: `${i + 1} `.padEnd(STACK_BYTES, 'at frame (file.js:1:1)\n'),
        },
      })),
    );
    const nc: NatsConnection = await connectNats({ url: natsUrl, name: 'bigpages-info' });
    maxPayload = nc.info!.max_payload;
    await nc.close();
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace });
    gateway = await startGateway({ natsUrl, namespace, keys: [reader] });
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await replica?.close();
    await store?.dispose();
  });

  /** Follows `next_cursor` to the end; every page must be a 200 and smaller than max_payload. */
  async function readAll(
    first: (cursor?: string) => Promise<Response>,
  ): Promise<{ items: Page['items']; pages: number }> {
    const items: Page['items'] = [];
    let cursor: string | undefined;
    for (let pages = 1; ; pages++) {
      const response = await first(cursor);
      const text = await response.text();
      expect([response.status, text.slice(0, 200)]).toEqual([200, expect.any(String)]);
      expect(Buffer.byteLength(text)).toBeLessThan(maxPayload);
      const page = JSON.parse(text) as Page;
      items.push(...page.items);
      if (!page.next_cursor) return { items, pages };
      cursor = page.next_cursor;
      expect(pages).toBeLessThan(EVENTS + 1);
    }
  }

  const auth = { authorization: `Bearer ${reader.key}` };
  const withCursor = (path: string, cursor?: string) =>
    cursor ? `${path}&cursor=${encodeURIComponent(cursor)}` : path;
  const expectWhole = (items: Page['items']) => {
    expect(items.map((item) => item.event_id)).toEqual(Array.from({ length: EVENTS }, (_, i) => id(i + 1)));
    expect(items.every((item) => (item.data as { stack: string }).stack.length === STACK_BYTES)).toBe(true);
  };

  it.each([25, 120, 1000])(
    'GET /v1/sessions/{id}/events?limit=%i returns every event once, in order',
    async (limit) => {
      const { items, pages } = await readAll((cursor) =>
        fetch(withCursor(`${gateway.url}/v1/sessions/${SESSION}/events?limit=${limit}`, cursor), {
          headers: auth,
        }),
      );
      expectWhole(items);
      // Bounded by bytes, not only by limit: 1.8 MB never travels in one reply.
      if (limit >= EVENTS) expect(pages).toBeGreaterThan(1);
    },
  );

  it.each([60, 1000])('GET /v1/events?limit=%i returns every event once, in order', async (limit) => {
    const { items } = await readAll((cursor) =>
      fetch(withCursor(`${gateway.url}/v1/events?session_id=${SESSION}&limit=${limit}`, cursor), {
        headers: auth,
      }),
    );
    expectWhole(items);
  });

  it.each([120, 1000])(
    'POST /v1/events/query with limit %i returns every event once, in order',
    async (limit) => {
      const { items } = await readAll((cursor) =>
        fetch(`${gateway.url}/v1/events/query`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ category: 'error', limit, ...(cursor ? { cursor } : {}) }),
        }),
      );
      expectWhole(items);
    },
  );

  it('GET /v1/sessions?limit=1000 counts the session whole', async () => {
    const { items } = await readAll((cursor) =>
      fetch(withCursor(`${gateway.url}/v1/sessions?category=error&limit=1000`, cursor), { headers: auth }),
    );
    expect(items).toEqual([expect.objectContaining({ session_id: SESSION, event_count: EVENTS })]);
  });
});
