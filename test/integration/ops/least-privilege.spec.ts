import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { connect, NatsConnection } from '@nats-io/transport-node';
import { EventlinePublisher } from '@eventline/client/nats';
import { EventTopology } from '@eventline/contracts';
import { DEFAULT_PROVISION_OPTIONS, MaxDeliveriesWatcher, provisionTopology } from '@eventline/messaging';
import { dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { SseClient } from '../../support/sse-client.js';
import { deadLetters } from '../ingestor/support/dead-letters.js';
import { freePort } from '../../support/free-port.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppName, AppProcess } from './support/app-process.js';
import { composeEnvironment, readmeExample } from './support/compose-file.js';
import { sampleValue } from './support/prometheus-text.js';
import { NATS_PASSWORDS, NatsUser, ShippedNats } from './support/shipped-nats.js';

const ADMIN_KEY = 'demo-admin-key-change-me';
const DEMO_BACKEND_SECRET = JSON.parse(composeEnvironment('ingestor').PUBLISHER_SECRETS)[
  'demo-backend'
] as string;

/** A connection as one of deploy/nats/nats.conf's users, with the inbox prefix that user may read. */
function connectAs(url: string, user: NatsUser): Promise<NatsConnection> {
  return connect({
    servers: url,
    user,
    pass: NATS_PASSWORDS[user],
    inboxPrefix: user === 'admin' ? undefined : `_INBOX_${user}`,
    name: `least-privilege-test-${user}`,
  });
}

/** The permission errors the server sent this connection, as `operation subject`. */
function refusals(nc: NatsConnection): string[] {
  const seen: string[] = [];
  void (async () => {
    for await (const status of nc.status()) {
      const error = status.type === 'error' ? (status.error as { operation?: string; subject?: string }) : {};
      if (error.operation) seen.push(`${error.operation} ${error.subject}`);
    }
  })();
  return seen;
}

describe('the shipped NATS configuration (deploy/nats/nats.conf), each app under its own user', () => {
  const database = uniqueNamespace('leastpriv');
  const { mongoUrl } = testServers();
  const apps: Partial<Record<AppName, AppProcess>> = {};
  let nats: ShippedNats;
  let gatewayUrl: string;
  let ingestorUrl: string;
  let admin: NatsConnection;
  let adminJsm: JetStreamManager;

  beforeAll(async () => {
    nats = await ShippedNats.start();
    // compose's environment; only the addresses, ports and passwords are this test's.
    const start = async (app: AppName, user: NatsUser, portVariable: 'PORT' | 'HEALTH_PORT') => {
      const port = await freePort();
      const env: Record<string, string> = {
        NODE_ENV: 'production',
        ...composeEnvironment(app),
        NATS_URL: nats.url,
        NATS_PASS: NATS_PASSWORDS[user],
        MONGO_URL: databaseUrl(mongoUrl, database),
        [portVariable]: String(port),
      };
      expect(env.NATS_USER).toBe(user);
      apps[app] = new AppProcess(app, env);
      await apps[app].waitUntilOk(`http://127.0.0.1:${port}/health/ready`);
      return `http://127.0.0.1:${port}`;
    };
    [gatewayUrl, ingestorUrl] = await Promise.all([
      start('gateway', 'gateway', 'PORT'),
      start('ingestor', 'ingestor', 'HEALTH_PORT'),
      start('query', 'query', 'HEALTH_PORT'),
    ]);
    admin = await connectAs(nats.url, 'admin');
    adminJsm = await jetstreamManager(admin);
  });

  afterAll(async () => {
    await Promise.all(Object.values(apps).map((app) => app.stop()));
    await admin?.close();
    await nats?.dispose();
  });

  async function sessionEvents(sessionId: string, key: string): Promise<{ items: { event_id: string }[] }> {
    const response = await fetch(`${gatewayUrl}/v1/sessions/${sessionId}/events`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as { items: { event_id: string }[] };
  }

  it('accepts an event over HTTP, stores it and answers it back, with no permission refused to any app', async () => {
    const { headers, body } = readmeExample();
    const posted = await fetch(`${gatewayUrl}/v1/events`, { method: 'POST', headers, body });
    expect(posted.status).toBe(202);
    const { results } = (await posted.json()) as { results: { event_id: string }[] };
    const { session_id } = JSON.parse(body) as { session_id: string };

    const key = headers.authorization.replace(/^Bearer /, '');
    const page = await eventually(
      async () => {
        const page = await sessionEvents(session_id, key);
        expect(page.items).toHaveLength(1);
        return page;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(page.items[0].event_id).toBe(results[0].event_id);
    // The ingestor's backlog and DLQ gauges are read from JetStream when scraped.
    const metrics = await (await fetch(`${ingestorUrl}/metrics`)).text();
    expect(sampleValue(metrics, 'eventline_consumer_pending_messages', { category: 'party' })).toBe(0);
    expect(sampleValue(metrics, 'eventline_dlq_messages', { category: 'party' })).toBe(0);
    for (const user of ['gateway', 'ingestor', 'query'] as const) expect(nats.violations(user)).toEqual([]);
  });

  it("streams accepted events live (GET /v1/events/live) under the gateway's user", async () => {
    const { headers, body } = readmeExample();
    const key = headers.authorization.replace(/^Bearer /, '');
    const stream = await SseClient.open(`${gatewayUrl}/v1/events/live`, key);
    try {
      const posted = await fetch(`${gatewayUrl}/v1/events`, { method: 'POST', headers, body });
      expect(posted.status).toBe(202);
      const { results } = (await posted.json()) as { results: { event_id: string }[] };
      await eventually(() =>
        expect(stream.data<{ event_id: string }>().map((e) => e.event_id)).toContain(results[0].event_id),
      );
    } finally {
      stream.close();
    }
    expect(nats.violations('gateway')).toEqual([]);
  });

  it('lets a backend application publish signed events under its user, which are stored', async () => {
    const nc = await connectAs(nats.url, 'demo-backend');
    try {
      const publisher = new EventlinePublisher({
        connection: nc,
        app: 'demo-backend',
        secret: DEMO_BACKEND_SECRET,
      });
      const sessionId = randomUUID();
      const receipt = await publisher.publish('party', { host: 'backend.example', path: '/' }, { sessionId });
      expect(receipt.duplicate).toBe(false);
      await eventually(
        async () =>
          expect((await sessionEvents(sessionId, ADMIN_KEY)).items.map((i) => i.event_id)).toEqual(
            receipt.event_ids,
          ),
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(nats.violations('demo-backend')).toEqual([]);
    } finally {
      await nc.close();
    }
  });

  it("keeps the query service's replies and the events from a backend application's user", async () => {
    const nc = await connectAs(nats.url, 'demo-backend');
    const refused = refusals(nc);
    const received: string[] = [];
    try {
      for (const subject of ['_INBOX.>', '_INBOX_gateway.>', 'events.>', '>'])
        nc.subscribe(subject, { callback: (_error, msg) => void (msg && received.push(msg.subject)) });
      await nc.flush();
      // A query and an event pass through the broker while those subscriptions are asked for.
      const { headers, body } = readmeExample();
      expect((await fetch(`${gatewayUrl}/v1/events`, { method: 'POST', headers, body })).status).toBe(202);
      const { session_id } = JSON.parse(body) as { session_id: string };
      await sessionEvents(session_id, headers.authorization.replace(/^Bearer /, ''));

      await eventually(() =>
        expect(refused.sort()).toEqual(
          [
            'subscription _INBOX.>',
            'subscription _INBOX_gateway.>',
            'subscription events.>',
            'subscription >',
          ].sort(),
        ),
      );
      expect(received).toEqual([]);
    } finally {
      await nc.close();
    }
  });

  it.each(['demo-backend', 'gateway', 'ingestor', 'query'] as const)(
    'refuses %s the deletion of a stream',
    async (user) => {
      const nc = await connectAs(nats.url, user);
      const refused = refusals(nc);
      try {
        const jsm = await jetstreamManager(nc, { checkAPI: false, timeout: 1_000 });
        await expect(jsm.streams.delete('EVENTS')).rejects.toThrow();
        await eventually(() => expect(refused).toContain('publish $JS.API.STREAM.DELETE.EVENTS'));
        expect((await adminJsm.streams.info('EVENTS')).config.name).toBe('EVENTS');
      } finally {
        await nc.close();
      }
    },
  );

  it('refuses a backend application a consumer of its own on EVENTS, and the query service any publish', async () => {
    const backend = await connectAs(nats.url, 'demo-backend');
    const query = await connectAs(nats.url, 'query');
    const [backendRefused, queryRefused] = [refusals(backend), refusals(query)];
    try {
      const jsm = await jetstreamManager(backend, { checkAPI: false, timeout: 1_000 });
      await expect(
        jsm.consumers.add('EVENTS', { durable_name: 'snoop', filter_subject: 'events.>' }),
      ).rejects.toThrow();
      query.publish('events.party', '{}');
      await query.flush();
      await eventually(() => {
        expect(backendRefused).toContain('publish $JS.API.CONSUMER.CREATE.EVENTS.snoop.events.>');
        expect(queryRefused).toContain('publish events.party');
      });
    } finally {
      await Promise.all([backend.close(), query.close()]);
    }
  });

  it('lets the admin user create and delete a stream', async () => {
    const name = `SCRATCH_${randomUUID().slice(0, 8).toUpperCase()}`;
    await adminJsm.streams.add({ name, subjects: [`scratch.${name}`] });
    await expect(adminJsm.streams.delete(name)).resolves.toBe(true);
  });
  // Last: it replaces the ingestor with one whose MongoDB goes away, and changes max_deliver.
  it("parks a message whose last delivery could not be stored on the DLQ, under the ingestor's user", async () => {
    await apps.ingestor!.stop();
    const earlier = nats.violations('ingestor').length; // this file's own refused deletion
    const mongo = await dedicatedMongo();
    const port = await freePort();
    const ingestor = new AppProcess('ingestor', {
      NODE_ENV: 'production',
      ...composeEnvironment('ingestor'),
      NATS_URL: nats.url,
      NATS_PASS: NATS_PASSWORDS.ingestor,
      MONGO_URL: databaseUrl(mongo.url, database),
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '100',
      MAX_DELIVER: '1',
      HEALTH_PORT: String(port),
    });
    try {
      await ingestor.waitUntilOk(`http://127.0.0.1:${port}/health/ready`);
      await mongo.stop();
      const { headers, body } = readmeExample();
      expect((await fetch(`${gatewayUrl}/v1/events`, { method: 'POST', headers, body })).status).toBe(202);
      // Its one delivery fails to be written: the ingestor parks it on dlq.events.party itself.
      const topology = new EventTopology();
      const letters = await eventually(
        async () => {
          const parked = await deadLetters(admin, topology, 'party');
          expect(parked.map((letter) => letter.reason)).toContain('delivery_limit_reached');
          return parked;
        },
        { timeoutMs: 30_000, intervalMs: 250 },
      );
      expect(letters.length).toBeGreaterThan(0);
      expect(nats.violations('ingestor').slice(earlier)).toEqual([]);
    } finally {
      await ingestor.stop();
      await mongo.dispose();
    }
  });
  it("lets the ingestor's user park a message the broker gave up on (MAX_DELIVERIES advisory)", async () => {
    // What the ingestor does when a replica dies holding a message, done here step by step under its
    // user: consumers with a short ack wait, the watcher, and deliveries that are never settled.
    const nc = await connectAs(nats.url, 'ingestor');
    const earlier = nats.violations('ingestor').length;
    const topology = new EventTopology();
    const watcher = new MaxDeliveriesWatcher(nc, topology, ['party'], { warn: () => {}, error: () => {} });
    try {
      await provisionTopology(nc, topology, ['party'], {
        ...DEFAULT_PROVISION_OPTIONS,
        ackWaitMs: 1_000,
        maxDeliver: 2,
      });
      watcher.start();
      await nc.flush();
      const backend = await connectAs(nats.url, 'demo-backend');
      const publisher = new EventlinePublisher({
        connection: backend,
        app: 'demo-backend',
        secret: DEMO_BACKEND_SECRET,
      });
      const receipt = await publisher.publish(
        'party',
        { host: 'crash.example', path: '/' },
        { sessionId: randomUUID() },
      );
      await backend.close();
      const consumer = await jetstream(nc).consumers.get(
        topology.eventsStream,
        topology.consumerName('party'),
      );
      await eventually(
        async () => {
          await consumer.next({ expires: 1_000 }); // taken and never settled
          const parked = await deadLetters(admin, topology, 'party');
          expect(
            parked
              .filter((letter) => letter.reason === 'delivery_limit_reached')
              .map((letter) => letter.body),
          ).toContainEqual(expect.objectContaining({ event_id: receipt.event_ids[0] }));
        },
        { timeoutMs: 30_000, intervalMs: 0 },
      );
      expect(nats.violations('ingestor').slice(earlier)).toEqual([]);
    } finally {
      watcher.stop();
      await nc.close();
    }
  });
});
