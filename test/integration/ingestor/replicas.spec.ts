import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { consumerState } from './support/consumer-state.js';
import { partyEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SECRET = 'shop-secret-0123456789';
const TOTAL = 10_000;
const PER_MESSAGE = 10;

describe('ingestor: two replicas of one category', () => {
  const namespace = uniqueNamespace('replicas');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  let nc: NatsConnection;
  let store: EventStore;
  const replicas: IngestorProcess[] = [];

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'replicas-test' });
    store = await EventStore.open(url);
  });

  afterAll(async () => {
    for (const replica of replicas) replica.kill('SIGKILL');
    await store?.close();
    await nc?.drain();
  });

  it('share the durable consumer: 10,000 events stored once each, both replicas storing part', async () => {
    const env = {
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ shop: SECRET, [GATEWAY_PUBLISHER_ID]: SECRET }),
      INGEST_BATCH_SIZE: '100',
    };
    replicas.push(...(await Promise.all([IngestorProcess.start(env), IngestorProcess.start(env)])));
    const events = Array.from({ length: TOTAL }, () => partyEvent('shop'));
    const messages = Array.from({ length: TOTAL / PER_MESSAGE }, (_, i) =>
      events.slice(i * PER_MESSAGE, (i + 1) * PER_MESSAGE),
    );
    await new TestPublisher(nc, topology, 'shop', SECRET).publishAll(messages);

    await eventually(async () => expect(await store.count()).toBe(TOTAL), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await eventually(async () =>
      expect(await consumerState(nc, topology, 'party')).toMatchObject({ ackPending: 0, pending: 0 }),
    );
    expect(new Set(await store.ids())).toEqual(new Set(events.map((e) => e.event_id)));
    const [a, b] = replicas.map((replica) => replica.inserted());
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBe(TOTAL);
  });
});
