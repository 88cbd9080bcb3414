import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import {
  EventlineClient,
  EventlineHttpError,
  type EventItem,
  type EventlineClientOptions,
} from '@eventline/client';
import { EventlinePublisher } from '@eventline/client/nats';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { freePort } from '../../support/free-port.js';
import { testApiKey } from '../../support/gateway-app.js';
import { startQueryReplica, type QueryReplica } from '../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';
import { GatewayProcess } from './support/gateway-process.js';
import { TEST_QUERY_SIGNING_SECRET } from '../../support/query-signing.js';

// The whole path with the client in front: client → gateway (a real process, killed at will)
// → JetStream → ingestor (a real process) → FerretDB → query service → gateway → client.
const SIGNING_SECRET = randomUUID();
const BILLING_SECRET = randomUUID();
const shop = testApiKey('shop', ['ingest', 'query']);
const kiosk = testApiKey('kiosk', ['ingest', 'query']);
const billingReader = testApiKey('billing', ['query']);
const namespace = uniqueNamespace('clientend');
const { natsUrl, mongoUrl } = testServers();
let gateway: GatewayProcess;
let ingestor: IngestorProcess;
let query: QueryReplica;
const clients: EventlineClient[] = [];

beforeAll(async () => {
  const database = databaseUrl(mongoUrl, namespace);
  gateway = new GatewayProcess(await freePort(), {
    NATS_URL: natsUrl,
    EVENTLINE_NAMESPACE: namespace,
    API_KEYS: JSON.stringify([shop.entry, kiosk.entry, billingReader.entry]),
    GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
    QUERY_SIGNING_SECRET: TEST_QUERY_SIGNING_SECRET,
  });
  // The gateway provisions the streams; the ingestor then binds its consumers to them.
  await gateway.start();
  ingestor = await IngestorProcess.start({
    NATS_URL: natsUrl,
    MONGO_URL: database,
    EVENTLINE_NAMESPACE: namespace,
    INGEST_CATEGORIES: '*',
    PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: SIGNING_SECRET, billing: BILLING_SECRET }),
  });
  query = await startQueryReplica({ natsUrl, mongoUrl: database, namespace });
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close({ timeoutMs: 1000 })));
  await gateway?.kill();
  ingestor?.kill('SIGTERM');
  await ingestor?.exited;
  await query?.close();
  const nc = await connectNats({ url: natsUrl, name: 'client-end-to-end-cleanup' });
  const jsm = await jetstreamManager(nc);
  const topology = new EventTopology(namespace);
  for (const stream of [topology.eventsStream, topology.dlqStream])
    await jsm.streams.delete(stream).catch(() => undefined);
  await nc.close();
}, 60_000);

function client(
  key: typeof shop,
  app: string,
  options: Partial<EventlineClientOptions> = {},
): EventlineClient {
  const c = new EventlineClient({ url: gateway.url, apiKey: key.key, app, ...options });
  clients.push(c);
  return c;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('@eventline/client end to end', () => {
  it('1,000 events tracked through the client are all queryable, each once, in order per session', async () => {
    const failures: unknown[] = [];
    const c = client(shop, 'shop', { onError: (result) => failures.push(result) });
    const sessions = Array.from({ length: 10 }, () => randomUUID());
    const tracked = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const sessionId = sessions[i % sessions.length];
      const receipt =
        i % 2 === 0
          ? await c.track('party', { host: 'www.party.com', path: `/${i}` }, { sessionId })
          : await c.track('click', { element: `#e${i}`, x: i }, { sessionId });
      tracked.add(receipt.event_id);
    }
    await c.flush();
    expect(failures).toEqual([]);

    const stored = await eventually(
      async () => {
        const items = await all(c.events.iterate({ limit: 300 }));
        expect(items).toHaveLength(1000);
        return items;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const ids = stored.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(1000);
    expect(new Set(ids)).toEqual(tracked);

    const timeline: EventItem[] = await all(c.sessions.iterateEvents(sessions[3], { limit: 40 }));
    expect(timeline).toHaveLength(100);
    const times = timeline.map((e) => e.timestamp);
    expect(times).toEqual([...times].sort());
    expect(timeline.every((e) => e.session_id === sessions[3] && e.name === 'shop')).toBe(true);

    const listed = await all(c.sessions.iterate({ limit: 4 }));
    expect(listed.map((s) => s.session_id).sort()).toEqual([...sessions].sort());
    expect(listed.every((s) => s.event_count === 100 && s.name === 'shop')).toBe(true);
  }, 180_000);

  it('loses nothing and duplicates nothing when the gateway is killed and restarted mid-stream', async () => {
    const failures: unknown[] = [];
    let refused = 0;
    const c = client(kiosk, 'kiosk', {
      // Counts the attempts that met the dead gateway, to show the outage was really crossed.
      fetch: (input, init) =>
        fetch(input, init).catch((error: unknown) => {
          refused += 1;
          throw error;
        }),
      batchSize: 25,
      flushIntervalMs: 20,
      retry: { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 1000 },
      onError: (result) => failures.push(result),
    });
    const sessionId = randomUUID();
    const tracked = new Set<string>();
    for (let i = 0; i < 1000; i += 1) {
      const receipt = await c.track('page_view', { url: `https://kiosk.example/${i}` }, { sessionId });
      tracked.add(receipt.event_id);
      // Paced, so that requests are in flight when the gateway dies.
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
      if (i === 300) await gateway.kill();
      if (i === 600) await gateway.start();
    }
    const report = await c.close({ timeoutMs: 60_000 });
    expect(refused).toBeGreaterThan(0);
    expect(failures).toEqual([]);
    expect(report.undelivered).toEqual([]);

    const stored = await eventually(
      async () => {
        const items = await all(c.sessions.iterateEvents(sessionId, { limit: 1000 }));
        expect(items.length).toBeGreaterThanOrEqual(1000);
        return items;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const ids = stored.map((e) => e.event_id);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids)).toEqual(tracked);
  }, 180_000);

  it('events published over NATS by a backend service are stored and queryable like any other', async () => {
    const nc = await connectNats({ url: natsUrl, name: 'client-end-to-end-billing' });
    try {
      const publisher = new EventlinePublisher({
        connection: nc,
        app: 'billing',
        secret: BILLING_SECRET,
        namespace,
      });
      const sessionId = randomUUID();
      const receipts = await publisher.publishMany([
        {
          category: 'form_submit',
          data: { form: 'invoice', success: true },
          sessionId,
          timestamp: '2026-11-28 09:00:00.000001',
        },
        {
          category: 'form_submit',
          data: { form: 'refund' },
          sessionId,
          timestamp: '2026-11-28 09:00:00.000002',
        },
      ]);
      const reader = client(billingReader, 'billing');

      const page = await eventually(
        async () => {
          const found = await reader.sessions.events(sessionId);
          expect(found.items).toHaveLength(2);
          return found;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(page.items.map((e) => e.event_id)).toEqual(receipts[0].event_ids);
      expect(page.items.map((e) => [e.name, e.timestamp])).toEqual([
        ['billing', '2026-11-28 09:00:00.000001'],
        ['billing', '2026-11-28 09:00:00.000002'],
      ]);
    } finally {
      await nc.close();
    }
  }, 60_000);

  it('surfaces refused queries as EventlineHttpError with the status, code and field', async () => {
    const reader = client(billingReader, 'billing');
    await expect(reader.sessions.events(randomUUID())).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    const failure = await reader.events
      .list({ start: '2026-01-02 00:00:00', end: '2026-01-01 00:00:00' })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventlineHttpError);
    expect(failure).toMatchObject({
      status: 400,
      code: 'invalid_range',
      errors: [{ field: 'end', code: 'invalid_range' }],
    });
  });
});
