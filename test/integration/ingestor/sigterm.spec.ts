import { jetstream } from '@nats-io/jetstream';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { partyEvent, TestEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SECRET = 'shop-secret-0123456789';
const TOTAL = 3_000;
const ACK_WAIT_MS = 2_000;

describe('ingestor: SIGTERM during a stream', () => {
  const namespace = uniqueNamespace('sigterm');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  let nc: NatsConnection;
  let store: EventStore;
  let ingestor: IngestorProcess | undefined;

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'sigterm-test' });
    store = await EventStore.open(url);
  });

  afterAll(async () => {
    ingestor?.kill('SIGKILL');
    await store?.close();
    await nc?.drain();
  });

  it('exits 0 within 10 s, having acked every message whose events it wrote', async () => {
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ shop: SECRET, [GATEWAY_PUBLISHER_ID]: SECRET }),
      ACK_WAIT_MS: String(ACK_WAIT_MS),
      INGEST_BATCH_SIZE: '200',
    });
    const events = Array.from({ length: TOTAL }, () => partyEvent('shop'));
    const publishing = new TestPublisher(nc, topology, 'shop', SECRET).publishAll(events);
    await eventually(async () => expect(await store.count()).toBeGreaterThan(200), { intervalMs: 20 });

    ingestor.kill('SIGTERM');
    const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 10_000).unref());
    expect(await Promise.race([ingestor.exited, deadline])).toEqual({ code: 0, signal: null });
    await publishing;

    // Whatever the broker still holds for the consumer comes back here (unacked ones after the
    // ack wait). None of it may be a message whose events are stored: those had to be acked.
    const stored = new Set(await store.ids());
    expect(stored.size).toBeLessThan(TOTAL);
    const consumer = await jetstream(nc).consumers.get(topology.eventsStream, topology.consumerName('party'));
    const redelivered: TestEvent[] = [];
    await eventually(
      async () => {
        const batch = await consumer.fetch({ max_messages: 1_000, expires: 1_000 });
        for await (const message of batch) {
          redelivered.push(message.json<TestEvent>());
          message.ack();
        }
        expect(redelivered.length + stored.size).toBe(TOTAL);
      },
      { timeoutMs: 30_000, intervalMs: 0 },
    );
    expect(redelivered.filter((event) => stored.has(event.event_id))).toEqual([]);
  });
});
