import { GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';

const SIGNING_SECRET = 'gateway-signing-secret-0123456789';
const shop = testApiKey('shop', ['ingest', 'query']);
const SESSION = 'f1000000-0000-4000-8000-000000000001';
const id = (n: number) => `0190b2c3-0000-7000-8000-${String(n).padStart(12, '0')}`;

interface EventItem {
  event_id: string;
  timestamp: string;
}

// The whole path: POST /v1/events → JetStream → ingestor (built, as a process) → MongoDB → query
// service (NATS request-reply) → GET /v1/sessions/{id}/events.
describe('a session posted over HTTP and read back over HTTP', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('posted');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  let ingestor: IngestorProcess;
  let replica: QueryReplica;
  let gateway: RunningGateway;

  beforeAll(async () => {
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: dbUrl,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: SIGNING_SECRET }),
    });
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace });
    gateway = await startGateway({
      natsUrl,
      namespace,
      keys: [shop],
      GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await replica?.close();
    ingestor?.kill('SIGTERM');
    await ingestor?.exited;
  });

  async function post(events: { n: number; timestamp: string }[]): Promise<void> {
    const body = events.map(({ n, timestamp }) => ({
      event_id: id(n),
      session_id: SESSION,
      category: 'party',
      name: 'shop',
      data: { host: 'www.party.com', path: `/${n}` },
      timestamp,
    }));
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shop.key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(202);
  }

  async function page(cursor?: string | null): Promise<{ items: EventItem[]; next_cursor: string | null }> {
    const query = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const response = await fetch(`${gateway.url}/v1/sessions/${SESSION}/events?limit=2${query}`, {
      headers: { authorization: `Bearer ${shop.key}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: EventItem[]; next_cursor: string | null };
  }

  async function storedCount(): Promise<number> {
    const response = await fetch(`${gateway.url}/v1/events?session_id=${SESSION}&limit=1000`, {
      headers: { authorization: `Bearer ${shop.key}` },
    });
    return ((await response.json()) as { items: unknown[] }).items.length;
  }

  it('comes back in (timestamp, sequence) order with microseconds, across limit=2 pages, while more is posted', async () => {
    // Out of time order, one request each; 9 and 3 share a timestamp and 9 is posted (sequenced)
    // first, so id order would put them the other way round.
    await post([{ n: 5, timestamp: '2021-09-26 09:15:30.000005' }]);
    await post([{ n: 9, timestamp: '2021-09-26 09:15:28.000001' }]);
    await post([{ n: 3, timestamp: '2021-09-26T09:15:28.000001Z' }]);
    await post([{ n: 1, timestamp: '2021-09-26 09:15:27.243860' }]);
    await eventually(async () => expect(await storedCount()).toBe(4));

    const seen: EventItem[] = [];
    let current = await page();
    seen.push(...current.items);
    await post([
      { n: 7, timestamp: '2021-09-26 09:15:31.000000' },
      { n: 6, timestamp: '2021-09-26 09:15:29.999999' },
    ]);
    await eventually(async () => expect(await storedCount()).toBe(6));
    while (current.next_cursor) {
      current = await page(current.next_cursor);
      expect(current.items.length).toBeLessThanOrEqual(2);
      seen.push(...current.items);
    }

    expect(seen.map((e) => [e.event_id, e.timestamp])).toEqual([
      [id(1), '2021-09-26 09:15:27.243860'],
      [id(9), '2021-09-26 09:15:28.000001'],
      [id(3), '2021-09-26 09:15:28.000001'],
      [id(6), '2021-09-26 09:15:29.999999'],
      [id(5), '2021-09-26 09:15:30.000005'],
      [id(7), '2021-09-26 09:15:31.000000'],
    ]);
  });
});
