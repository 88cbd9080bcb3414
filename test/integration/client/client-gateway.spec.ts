import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';
import { EventlineClient, type EventlineClientOptions } from '@eventline/client';
import { connectNats } from '@eventline/messaging';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { startHttpProxy, type HttpProxy } from '../../support/http-proxy.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

// The client against the real gateway (real NATS JetStream), through a recording proxy that
// sees every attempt from the server's side and can answer in the gateway's place.
const shop = testApiKey('shop', ['ingest']);
const namespace = uniqueNamespace('clientgw');
const topology = new EventTopology(namespace);
const sessionId = '3f2b8a61-0d4c-4e59-8a7b-1c2d3e4f5a6b';
let gateway: RunningGateway;
let nc: NatsConnection;
let jsm: JetStreamManager;
const proxies: HttpProxy[] = [];
const clients: EventlineClient[] = [];

beforeAll(async () => {
  const { natsUrl } = testServers();
  gateway = await startGateway({ natsUrl, namespace, keys: [shop] });
  nc = await connectNats({ url: natsUrl, name: 'client-gateway-test' });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ timeoutMs: 1000 })));
  await Promise.all(proxies.map((p) => p.close()));
  await gateway?.close();
  for (const stream of [topology.eventsStream, topology.dlqStream])
    await jsm?.streams.delete(stream).catch(() => undefined);
  await nc?.close();
});

async function proxied(answer?: Parameters<typeof startHttpProxy>[1]): Promise<HttpProxy> {
  const proxy = await startHttpProxy(gateway.url, answer);
  proxies.push(proxy);
  return proxy;
}

function client(url: string, options: Partial<EventlineClientOptions> = {}): EventlineClient {
  const c = new EventlineClient({ url, apiKey: shop.key, app: 'shop', onError: () => {}, ...options });
  clients.push(c);
  return c;
}

async function storedEventIds(): Promise<string[]> {
  const ids: string[] = [];
  const info = await jsm.streams.info(topology.eventsStream);
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq += 1) {
    const message = await jsm.streams.getMessage(topology.eventsStream, { seq });
    if (!message) continue;
    const body = JSON.parse(new TextDecoder().decode(message.data));
    for (const event of Array.isArray(body) ? body : [body]) ids.push(event.event_id);
  }
  return ids;
}

describe('EventlineClient against the real gateway', () => {
  it('resolves awaitAck with accepted once JetStream has the event, and a re-track of it as duplicate', async () => {
    const c = client(gateway.url);
    // The same event re-tracked (a retry): the same id and time, hence the same signed message.
    const timestamp = '2026-11-30 12:00:00.000001';
    const first = await c.track(
      'party',
      { host: 'www.party.com', path: '/' },
      { sessionId, timestamp, awaitAck: true },
    );
    expect(first.status).toBe('accepted');
    expect(await storedEventIds()).toContain(first.event_id);

    const again = await c.track(
      'party',
      { host: 'www.party.com', path: '/' },
      { sessionId, timestamp, eventId: first.event_id, awaitAck: true },
    );
    expect(again).toMatchObject({ status: 'duplicate', event_id: first.event_id });
  });

  it('waits at least the 1 s a 429 asks for in Retry-After before retrying, then delivers', async () => {
    const proxy = await proxied((request, index) =>
      request.path === '/v1/events' && index === 0
        ? {
            status: 429,
            headers: { 'retry-after': '1' },
            body: { error: { code: 'rate_limited', message: 'slow down' } },
          }
        : undefined,
    );
    const c = client(proxy.url, { retry: { baseDelayMs: 10, maxDelayMs: 20 } });

    const result = await c.track('click', { element: '#buy' }, { sessionId, awaitAck: true });

    expect(result.status).toBe('accepted');
    expect(proxy.requests).toHaveLength(2);
    expect(proxy.requests[1].body).toBe(proxy.requests[0].body);
    expect(proxy.requests[1].arrivedAt - proxy.requests[0].arrivedAt).toBeGreaterThanOrEqual(1000);
    expect(await storedEventIds()).toContain(result.event_id);
  });

  it('reports a rejected event with its field and code, delivers its neighbours, and never sends it again', async () => {
    const proxy = await proxied();
    const c = client(proxy.url, { retry: { baseDelayMs: 10, maxDelayMs: 20 } });

    const [good, bad] = await Promise.all([
      c.track('party', { host: 'www.party.com', path: '/ok' }, { sessionId, awaitAck: true }),
      // A timestamp string the types allow but the calendar does not: 30 February.
      c.track(
        'party',
        { host: 'www.party.com', path: '/bad' },
        { sessionId, timestamp: '2021-02-30 10:00:00', awaitAck: true },
      ),
    ]);
    await c.flush();

    expect(good.status).toBe('accepted');
    expect(bad).toMatchObject({
      status: 'rejected',
      index: 1,
      errors: [{ field: 'timestamp', code: 'invalid_timestamp' }],
    });
    expect(proxy.requests).toHaveLength(1);
    expect(await storedEventIds()).not.toContain(bad.event_id);
  });

  it('close() reports every event of a tight loop that overflows the queue, its queue_full drops too', async () => {
    const c = client(gateway.url, { maxQueueSize: 300 });
    const receipts = [];
    for (let i = 0; i < 3000; i += 1)
      receipts.push(await c.track('click', { element: `#e${i}` }, { sessionId }));
    const dropped = receipts.filter((r) => r.status === 'undelivered');
    expect(dropped.length).toBeGreaterThan(0);

    const report = await c.close({ timeoutMs: 30_000 });

    expect(report.accepted + report.duplicates + report.rejected.length).toBe(3000 - dropped.length);
    expect(report.undelivered.length + report.unlisted).toBe(dropped.length);
    expect(report.undelivered.every((r) => r.reason === 'queue_full')).toBe(true);
    // What the report calls accepted is in the stream; what it calls dropped is not.
    const stored = new Set(await storedEventIds());
    const accepted = receipts.filter((r) => r.status === 'queued');
    expect(accepted.filter((r) => !stored.has(r.event_id))).toEqual([]);
    expect(dropped.filter((r) => stored.has(r.event_id))).toEqual([]);
  }, 60_000);

  it('reports a wrong key as unauthorized for every event, without retrying', async () => {
    const proxy = await proxied();
    const c = new EventlineClient({ url: proxy.url, apiKey: 'not-a-key', app: 'shop', onError: () => {} });
    clients.push(c);
    const result = await c.track('party', { host: 'h', path: '/' }, { sessionId, awaitAck: true });
    expect(result).toMatchObject({ status: 'rejected', errors: [{ code: 'unauthorized' }] });
    expect(proxy.requests).toHaveLength(1);
  });
});
