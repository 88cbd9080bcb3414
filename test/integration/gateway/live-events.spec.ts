import { randomUUID } from 'node:crypto';
import { connect, Socket } from 'node:net';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { LiveEventsService } from '../../../apps/gateway/src/live/live-events.service.js';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { SseClient } from '../../support/sse-client.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deleteTestStreams } from '../../support/test-streams.js';
import { within } from '../../support/within.js';
import { partyEvent, TestPublisher } from '../ingestor/support/event-publisher.js';

const shop = testApiKey('shop', ['ingest', 'query']);
const mall = testApiKey('mall', ['ingest', 'query']);
const admin = testApiKey('admin', ['query', 'query:all']);
const shopWriter = testApiKey('shop', ['ingest']);
// A backend service publishing straight to NATS, trusted through the gateway's PUBLISHER_SECRETS.
const BILLING_SECRET = 'billing-secret-0123456789';

interface LiveItem {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  timestamp: string;
  received_at: string;
}

// The live route against real NATS JetStream: events posted through the gateway reach the
// streams open at that moment, each only to the keys that may read them.
describe('GET /v1/events/live (Server-Sent Events from the EVENTS stream)', () => {
  const { natsUrl } = testServers();
  const namespace = uniqueNamespace('live');
  const topology = new EventTopology(namespace);
  let gateway: RunningGateway;
  let nc: NatsConnection;
  const open: SseClient[] = [];

  beforeAll(async () => {
    gateway = await startGateway({
      natsUrl,
      namespace,
      keys: [shop, mall, admin, shopWriter],
      LIVE_STREAMS_PER_KEY: 2,
      LIVE_HEARTBEAT_MS: 1000,
      PUBLISHER_SECRETS: JSON.stringify({ billing: BILLING_SECRET }),
    });
    nc = await connectNats({ url: natsUrl, name: 'live-events-test' });
  });

  afterEach(() => {
    for (const stream of open.splice(0)) stream.close();
  });

  afterAll(async () => {
    await eventually(() => expect(gateway.app.get(LiveEventsService).openStreams()).toBe(0), {
      timeoutMs: 10_000,
    });
    // Every stream was closed by its client and seen closed by the gateway. Here two sockets that
    // Node's fetch left open after the aborted streams held the HTTP server's close (it waited
    // on them, idle or not); the shutdown test below shows streams still open closing promptly.
    gateway.app.getHttpServer().closeAllConnections();
    await within('closing the gateway', 15_000, gateway.close());
    await within('closing the test connection', 10_000, nc.close());
    await within('deleting the streams', 15_000, deleteTestStreams(natsUrl, namespace));
  });

  async function live(key: string, query = ''): Promise<SseClient> {
    const stream = await SseClient.open(`${gateway.url}/v1/events/live${query}`, key);
    open.push(stream);
    return stream;
  }

  async function post(key: string, events: unknown[]): Promise<void> {
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(events),
    });
    expect(response.status).toBe(202);
  }

  const ids = (stream: SseClient) => stream.data<LiveItem>().map((e) => e.event_id);

  it('streams the events of the key’s application as they are accepted, in the query answers’ shape', async () => {
    const shopStream = await live(shop.key);
    expect(shopStream.response.status).toBe(200);
    expect(shopStream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const session = randomUUID();
    const events = [
      partyEvent('shop', { session_id: session, timestamp: '2021-09-26T09:15:27.2438Z' }),
      partyEvent('shop', { session_id: session, category: 'click', data: { element: '#buy' } }),
    ];
    await post(shop.key, events);
    await eventually(() => expect(ids(shopStream)).toEqual(events.map((e) => e.event_id)));
    const [first] = shopStream.data<LiveItem>();
    expect(first).toMatchObject({
      session_id: session,
      name: 'shop',
      timestamp: '2021-09-26 09:15:27.243800',
    });
    expect(first.received_at).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(shopStream.messages[0].id).toBe(events[0].event_id);
  });

  it('never shows another application’s events, unless the key has query:all', async () => {
    const shopStream = await live(shop.key);
    const adminStream = await live(admin.key);
    const mallEvent = partyEvent('mall');
    const shopEvent = partyEvent('shop');
    // The mall event is stored first: once the shop event arrives, the mall one was passed over.
    await post(mall.key, [mallEvent]);
    await post(shop.key, [shopEvent]);
    await eventually(() => expect(ids(shopStream)).toEqual([shopEvent.event_id]));
    await eventually(() => expect(ids(adminStream)).toEqual([mallEvent.event_id, shopEvent.event_id]));
  });

  it('narrows by category, name and session', async () => {
    const session = randomUUID();
    const byCategory = await live(shop.key, '?category=click');
    const bySession = await live(admin.key, `?session_id=${session.toUpperCase()}&name=shop`);
    const click = partyEvent('shop', { category: 'click', data: { element: '#a' } });
    const inSession = partyEvent('shop', { session_id: session });
    const last = partyEvent('shop', { category: 'click', data: { element: '#b' }, session_id: session });
    await post(mall.key, [partyEvent('mall', { session_id: session })]);
    await post(shop.key, [click, inSession, last]);
    // Messages of different categories are published together, so their order on the stream is not fixed.
    const sorted = (list: string[]) => [...list].sort();
    await eventually(() => expect(sorted(ids(byCategory))).toEqual(sorted([click.event_id, last.event_id])));
    await eventually(() =>
      expect(sorted(ids(bySession))).toEqual(sorted([inSession.event_id, last.event_id])),
    );
  });

  it('skips messages whose signature the gateway cannot verify', async () => {
    const stream = await live(shop.key);
    const forged = partyEvent('shop');
    await new TestPublisher(nc, topology, GATEWAY_PUBLISHER_ID, 'not-the-gateway-secret-0123').publish(
      forged,
    );
    const genuine = partyEvent('shop');
    await post(shop.key, [genuine]);
    await eventually(() => expect(ids(stream)).toEqual([genuine.event_id]));
  });

  it('shows the events of a backend publisher of PUBLISHER_SECRETS, and none of an unknown one', async () => {
    const stream = await live(admin.key, '?name=billing');
    const unknown = partyEvent('billing');
    await new TestPublisher(nc, topology, 'rogue', 'rogue-secret-0123456789').publish(unknown);
    const trusted = partyEvent('billing');
    await new TestPublisher(nc, topology, 'billing', BILLING_SECRET).publish(trusted);
    await eventually(() => expect(ids(stream)).toEqual([trusted.event_id]));
    expect(stream.data<LiveItem>()[0]).toMatchObject({ name: 'billing', session_id: trusted.session_id });
  });

  it('sends a heartbeat comment while idle', async () => {
    const stream = await live(shop.key);
    await eventually(() => expect(stream.comments).toContain('heartbeat'), { timeoutMs: 5000 });
  });

  it('answers like the query routes: 401 without a key, 403 without scope query, 400 naming a bad filter', async () => {
    const none = await fetch(`${gateway.url}/v1/events/live`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    const writer = await live(shopWriter.key);
    expect(writer.response.status).toBe(403);
    expect(((await writer.response.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const ranged = await live(shop.key, '?start=2021-09-26%2009:00:00');
    expect(ranged.response.status).toBe(400);
    expect(await ranged.response.json()).toMatchObject({
      error: { code: 'unexpected_field', field: 'start' },
    });
  });

  it('is described in the OpenAPI document: its filters, the event stream and the 429', async () => {
    const document = (await (await fetch(`${gateway.url}/docs-json`)).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[]; responses: Record<string, unknown> } }>;
    };
    const route = document.paths['/v1/events/live'].get;
    expect(route.parameters.map((p) => p.name).sort()).toEqual(['category', 'name', 'session_id']);
    expect(Object.keys(route.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '403',
      '408',
      '413',
      '429',
      '500',
      '503',
    ]);
    expect(JSON.stringify(route.responses['200'])).toContain('text/event-stream');
  });

  it('refuses a key past LIVE_STREAMS_PER_KEY open streams with 429 too_many_streams, and frees the slot on close', async () => {
    const first = await live(shop.key);
    await live(shop.key);
    const third = await live(shop.key);
    expect(third.response.status).toBe(429);
    expect(await third.response.json()).toMatchObject({ error: { code: 'too_many_streams' } });
    // Another key is counted on its own.
    expect((await live(mall.key)).response.status).toBe(200);
    first.close();
    await eventually(async () => {
      const again = await live(shop.key);
      again.close();
      expect(again.response.status).toBe(200);
    });
  });
});

describe('GET /v1/events/live at shutdown', () => {
  it('ends open streams so the gateway closes promptly', async () => {
    const { natsUrl } = testServers();
    const namespace = uniqueNamespace('liveclose');
    const gateway = await startGateway({ natsUrl, namespace, keys: [shop] });
    const stream = await SseClient.open(`${gateway.url}/v1/events/live`, shop.key);
    expect(stream.response.status).toBe(200);
    const started = Date.now();
    await gateway.close();
    await eventually(() => expect(stream.ended).toBe(true), { timeoutMs: 5000 });
    expect(Date.now() - started).toBeLessThan(5000);
    await deleteTestStreams(natsUrl, namespace);
  });
});

describe('GET /v1/events/live: a viewer that stops reading', () => {
  it('is cut off once 1 MiB waits unsent, and holds neither the gateway nor its shutdown', async () => {
    const { natsUrl } = testServers();
    const namespace = uniqueNamespace('liveslow');
    const gateway = await startGateway({ natsUrl, namespace, keys: [shop] });
    const { hostname, port } = new URL(gateway.url);
    const accepted = new Promise<Socket>((resolve) =>
      gateway.app.getHttpServer().once('connection', resolve),
    );
    // Asks for the stream and never reads it: the kernel's buffers fill, then the gateway's.
    const viewer = connect(Number(port), hostname);
    const viewerOnServer = await accepted;
    viewer.on('error', () => undefined);
    viewer.write(`GET /v1/events/live HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${shop.key}\r\n\r\n`);
    const live = gateway.app.get(LiveEventsService);
    try {
      await eventually(() => expect(live.openStreams()).toBe(1));
      // ~150 KB of stream per batch; the loopback buffers hold several MB before the gateway's grows.
      const data = { host: 'www.party.com', path: `/${'p'.repeat(200)}` };
      for (let batch = 0; batch < 400 && live.openStreams() > 0; batch++) {
        const response = await fetch(`${gateway.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${shop.key}`, 'content-type': 'application/json' },
          body: JSON.stringify(Array.from({ length: 500 }, () => partyEvent('shop', { data }))),
        });
        expect(response.status).toBe(202);
      }
      await eventually(() => expect(live.openStreams()).toBe(0), { timeoutMs: 5000 });
      // Its socket is closed too, though the client never takes the last bytes; shutdown is prompt.
      await eventually(() => expect(viewerOnServer.destroyed).toBe(true), { timeoutMs: 5000 });
      const started = Date.now();
      await gateway.close();
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      viewer.destroy();
      await deleteTestStreams(natsUrl, namespace);
    }
  }, 120_000);
});
