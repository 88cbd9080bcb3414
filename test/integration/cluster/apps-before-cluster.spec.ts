import { randomBytes, randomUUID } from 'node:crypto';
import { GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { testApiKey } from '../../support/gateway-app.js';
import { NatsCluster } from '../../support/nats-cluster.js';
import { databaseUrl, uniqueNamespace } from '../../support/test-environment.js';
import { AppName, AppProcess } from '../ops/support/app-process.js';
import { freePort } from '../../support/free-port.js';

const CLUSTER_LATE_MS = 10_000;
// MongoDB comes after the cluster, so that each wait is seen on its own.
const MONGO_LATE_MS = 5_000;

/**
 * Compose's `depends_on` and an orchestrator's restarts do not order a real start: every app must
 * come up before its broker and its database, say what it waits for, report not-ready, and start
 * working once they arrive — here a fresh three-server cluster, whose JetStream requests time out
 * while it elects its leaders, and MongoDB after it.
 */
describe('apps started 10 s before the NATS cluster, and before MongoDB', () => {
  const key = testApiKey('early', ['ingest', 'query']);
  const signingSecret = randomBytes(16).toString('hex');
  const querySigningSecret = randomBytes(16).toString('hex');
  const apps: Partial<Record<AppName, AppProcess>> = {};
  const urls: Partial<Record<AppName, string>> = {};
  let cluster: NatsCluster;
  let mongo: DedicatedServer;
  let startedAt: number;

  beforeAll(async () => {
    cluster = await NatsCluster.prepare();
    mongo = await dedicatedMongo();
    await mongo.stop();
    const mongoUrl = databaseUrl(mongo.url, uniqueNamespace('early'));
    const common = { NATS_URL: cluster.url, MONGO_URL: mongoUrl, LOG_LEVEL: 'info' };
    const port = async (app: AppName) => {
      const free = await freePort();
      urls[app] = `http://127.0.0.1:${free}`;
      return String(free);
    };
    startedAt = Date.now();
    apps.gateway = new AppProcess('gateway', {
      ...common,
      ...cluster.credentials('gateway'),
      HOST: '127.0.0.1',
      PORT: await port('gateway'),
      STREAM_REPLICAS: '3',
      API_KEYS: JSON.stringify([key.entry]),
      GATEWAY_SIGNING_SECRET: signingSecret,
      QUERY_SIGNING_SECRET: querySigningSecret,
    });
    apps.ingestor = new AppProcess('ingestor', {
      ...common,
      ...cluster.credentials('ingestor'),
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: await port('ingestor'),
      STREAM_REPLICAS: '3',
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: signingSecret }),
    });
    apps.query = new AppProcess('query', {
      ...common,
      ...cluster.credentials('query'),
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: await port('query'),
      QUERY_CURSOR_SECRET: randomBytes(16).toString('hex'),
      QUERY_SIGNING_SECRET: querySigningSecret,
    });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await cluster?.dispose();
    await mongo?.dispose();
  }, 60_000);

  const ready = async (app: AppName) =>
    fetch(`${urls[app]}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );

  it('waits for them, not ready and saying what it waits for, then ingests and answers', async () => {
    const names = Object.keys(apps) as AppName[];
    // While nothing is there: alive, serving readiness as 503, never crashing. (A Nest app takes
    // a few seconds to listen on a busy machine; the cluster starts 10 s after the processes.)
    await eventually(
      async () => {
        for (const app of names) expect(await ready(app)).toBe(503);
      },
      { timeoutMs: 60_000 },
    );
    await new Promise((resolve) =>
      setTimeout(resolve, Math.max(0, startedAt + CLUSTER_LATE_MS - Date.now())),
    );
    for (const app of names) {
      expect(apps[app]!.running).toBe(true);
      expect(await ready(app)).toBe(503);
      expect(apps[app]!.stdout).toMatch(/waiting for NATS/);
    }

    await cluster.startAll();
    // NATS there, MongoDB not yet: still not ready, and saying so.
    await new Promise((resolve) => setTimeout(resolve, MONGO_LATE_MS));
    for (const app of names) {
      expect(apps[app]!.running).toBe(true);
      expect(await ready(app)).toBe(503);
    }
    // The gateway uses MongoDB only for readiness; the others hold a connection and wait for it.
    for (const app of ['ingestor', 'query'] as const)
      expect(apps[app]!.stdout).toMatch(/waiting for MongoDB/);
    await mongo.start();

    for (const app of names) await apps[app]!.waitUntilOk(`${urls[app]}/health/ready`, 120_000);
    const sessionId = randomUUID();
    const event = {
      session_id: sessionId,
      category: 'party',
      name: 'early',
      data: { host: 'www.party.com', path: '/late' },
      timestamp: '2026-11-30 09:15:27.243860',
    };
    const headers = { authorization: `Bearer ${key.key}` };
    const posted = await fetch(`${urls.gateway}/v1/events`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(posted.status).toBe(202);
    const page = await eventually(
      async () => {
        const response = await fetch(`${urls.gateway}/v1/sessions/${sessionId}/events`, { headers });
        expect(response.status).toBe(200);
        const body = (await response.json()) as { items: { data: unknown }[] };
        expect(body.items).toHaveLength(1);
        return body;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(page.items[0].data).toEqual(event.data);
    for (const app of names) {
      expect(apps[app]!.running).toBe(true);
      expect(apps[app]!.stderr).not.toMatch(/Unhandled|TimeoutError/);
    }
  }, 240_000);
});
