import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';
import { EventlineClient } from '@eventline/client';
import { connectNats } from '@eventline/messaging';
import { testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { GatewayProcess } from './support/gateway-process.js';

const shop = testApiKey('shop', ['ingest', 'query']);
const namespace = uniqueNamespace('clientrestart');
const topology = new EventTopology(namespace);
let gateway: GatewayProcess;
let nc: NatsConnection;
let jsm: JetStreamManager;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  const { natsUrl } = testServers();
  gateway = new GatewayProcess(await freePort(), {
    NATS_URL: natsUrl,
    EVENTLINE_NAMESPACE: namespace,
    API_KEYS: JSON.stringify([shop.entry]),
    GATEWAY_SIGNING_SECRET: randomBytes(16).toString('hex'),
  });
  await gateway.start();
  nc = await connectNats({ url: natsUrl, name: 'client-restart-test' });
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await gateway?.kill();
  for (const stream of [topology.eventsStream, topology.dlqStream]) await jsm?.streams.delete(stream).catch(() => undefined);
  await nc?.close();
});

async function streamedIds(): Promise<string[]> {
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

describe('the client across a gateway crash', () => {
  it('loses nothing and duplicates nothing when the gateway is killed and restarted mid-stream', async () => {
    const failures: unknown[] = [];
    const client = new EventlineClient({
      url: gateway.url,
      apiKey: shop.key,
      app: 'shop',
      batchSize: 25,
      flushIntervalMs: 20,
      retry: { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 1000 },
      onError: (result) => failures.push(result),
    });
    const sessionId = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
    const tracked: string[] = [];
    for (let i = 0; i < 1000; i += 1) {
      const receipt = await client.track('page_view', { url: `https://shop.example/${i}` }, { sessionId });
      tracked.push(receipt.event_id);
      if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 5));
      if (i === 300) await gateway.kill();
      if (i === 600) await gateway.start();
    }
    const report = await client.close({ timeoutMs: 60_000 });

    expect(failures).toEqual([]);
    expect(report.undelivered).toEqual([]);
    const ids = await streamedIds();
    expect(ids.length).toBe(new Set(ids).size);
    expect(new Set(ids)).toEqual(new Set(tracked));
  }, 120_000);
});
