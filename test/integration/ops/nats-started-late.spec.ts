import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { createQueryService } from '../../../apps/query/src/query-service.factory.js';
import { DedicatedServer, dedicatedNats } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { queryReplicaConfig } from '../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { IngestorProcess } from '../ingestor/support/ingestor-process.js';

const SIGNING_SECRET = 'late-nats-signing-secret-0123456789';
const shop = testApiKey('shop', ['ingest', 'query']);

// The three apps started while their NATS is not there yet: each comes up, reports not ready
// (naming what it waits for) instead of failing, and does its work once NATS starts.
describe('apps started before NATS', () => {
  const namespace = uniqueNamespace('latenats');
  const dbUrl = databaseUrl(testServers().mongoUrl, namespace);
  let nats: DedicatedServer;
  let gateway: RunningGateway;
  let ingestor: IngestorProcess;
  let query: INestApplication;
  let querySubscribed: Promise<unknown>;

  beforeAll(async () => {
    nats = await dedicatedNats();
    await nats.stop();
    gateway = await startGateway({
      natsUrl: nats.url,
      namespace,
      keys: [shop],
      MONGO_URL: dbUrl,
      GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
    });
    ingestor = await IngestorProcess.start({
      NATS_URL: nats.url,
      MONGO_URL: dbUrl,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: SIGNING_SECRET }),
    });
    query = await createQueryService(queryReplicaConfig({ natsUrl: nats.url, mongoUrl: dbUrl, namespace }));
    querySubscribed = query.startAllMicroservices();
  }, 60_000);

  afterAll(async () => {
    await gateway?.close();
    await query?.close();
    ingestor?.kill('SIGTERM');
    await ingestor?.exited;
    await nats?.dispose();
  });

  const ready = (base: string) => fetch(`${base}/health/ready`, { signal: AbortSignal.timeout(15_000) });
  const event = { session_id: randomUUID(), category: 'party', name: 'shop', data: { host: 'h', path: '/' } };
  const post = () =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.key}` },
      body: JSON.stringify({ ...event, timestamp: '2021-09-26 09:15:27.243860' }),
      signal: AbortSignal.timeout(15_000),
    });

  it('serve not-ready while NATS is absent, then ingest and answer queries once it starts', async () => {
    for (const base of [gateway.url, ingestor.healthUrl(), await query.getUrl()]) {
      const response = await ready(base);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({
        error: { nats: { status: 'down', message: expect.stringContaining('waiting for NATS') } },
      });
    }
    expect((await post()).status).toBe(503);
    expect(ingestor.messages()).toContainEqual(expect.objectContaining({ msg: 'waiting for NATS' }));

    await nats.start();

    await eventually(async () => expect((await post()).status).toBe(202), { timeoutMs: 30_000 });
    await querySubscribed;
    for (const base of [gateway.url, ingestor.healthUrl(), await query.getUrl()])
      await eventually(async () => expect((await ready(base)).status).toBe(200), { timeoutMs: 30_000 });
    const items = await eventually(
      async () => {
        const response = await fetch(`${gateway.url}/v1/sessions/${event.session_id}/events`, {
          headers: { authorization: `Bearer ${shop.key}` },
        });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { items: unknown[] };
        expect(body.items).toHaveLength(1);
        return body.items;
      },
      { timeoutMs: 30_000 },
    );
    expect(items[0]).toMatchObject({ session_id: event.session_id, category: 'party' });
  });
});
