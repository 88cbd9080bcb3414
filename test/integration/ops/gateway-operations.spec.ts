import { jetstreamManager } from '@nats-io/jetstream';
import { EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { sampleValue } from './support/prometheus-text.js';

const limited = testApiKey('limited', ['ingest']);
const other = testApiKey('shop', ['ingest']);
const limitedToo = testApiKey('limited', ['ingest']);
const event = (overrides: Record<string, unknown> = {}) => ({
  session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
  category: 'party',
  name: 'shop',
  data: { host: 'www.party.com', path: '/' },
  timestamp: '2021-09-26 09:15:27.243860',
  ...overrides,
});

describe('gateway operations: readiness, metrics, rate limit', () => {
  const namespace = uniqueNamespace('gwops');
  let mongo: DedicatedServer;
  let gateway: RunningGateway;

  beforeAll(async () => {
    mongo = await dedicatedMongo();
    gateway = await startGateway({
      natsUrl: testServers().natsUrl,
      namespace,
      keys: [limited, limitedToo, other],
      MONGO_URL: `${mongo.url}eventline`,
      RATE_LIMIT_PER_MINUTE: 100,
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await mongo?.dispose();
    const nc = await connectNats({ url: testServers().natsUrl, name: 'gwops-cleanup' });
    const jsm = await jetstreamManager(nc);
    const topology = new EventTopology(namespace);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.drain();
  });

  const post = (key: string, body: unknown) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
  const ready = () => fetch(`${gateway.url}/health/ready`, { signal: AbortSignal.timeout(15_000) });

  it('is ready (200) while MongoDB answers, 503 naming mongodb while it is down, and 200 once it is back', async () => {
    await eventually(async () => expect((await ready()).status).toBe(200));

    await mongo.stop();
    const down = await eventually(async () => {
      const response = await ready();
      expect(response.status).toBe(503);
      return response.json();
    });
    expect(down).toMatchObject({
      status: 'error',
      error: { mongodb: { status: 'down' } },
      info: { nats: { status: 'up' }, jetstream: { status: 'up' } },
    });
    expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);

    await mongo.start();
    await eventually(async () => expect((await ready()).status).toBe(200), { timeoutMs: 30_000 });
  });

  it('counts a rejected event under its category and error code in /metrics', async () => {
    const scrape = async () => (await fetch(`${gateway.url}/metrics`)).text();
    const labels = { category: 'party', code: 'invalid_timestamp' };
    const before = sampleValue(await scrape(), 'eventline_gateway_events_rejected_total', labels) ?? 0;

    const response = await post(other.key, [event(), event({ timestamp: '2021-02-30 10:00:00' })]);
    expect(response.status).toBe(207);

    const text = await scrape();
    expect(sampleValue(text, 'eventline_gateway_events_rejected_total', labels)).toBe(before + 1);
    expect(
      sampleValue(text, 'eventline_gateway_events_accepted_total', { category: 'party' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sampleValue(text, 'eventline_gateway_publish_duration_seconds_count', { outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it("answers the 101st request of an application inside a minute's limit of 100 with 429 and Retry-After", async () => {
    for (let i = 1; i <= 100; i++) {
      const response = await post(limited.key, []);
      expect(response.status).not.toBe(429);
    }
    const refused = await post(limited.key, []);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    // The limit is the application's: its other keys are limited too, another application's are not.
    expect((await post(limitedToo.key, [])).status).toBe(429);
    expect((await post(other.key, event())).status).toBe(202);
  });
});
