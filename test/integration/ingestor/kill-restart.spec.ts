import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { consumerState } from './support/consumer-state.js';
import { partyEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SECRET = 'shop-secret-0123456789';
const TOTAL = 5_000;

describe('ingestor: kill -9 mid-stream', () => {
  const namespace = uniqueNamespace('kill');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  const env = {
    NATS_URL: natsUrl,
    MONGO_URL: url,
    EVENTLINE_NAMESPACE: namespace,
    INGEST_CATEGORIES: 'party',
    PUBLISHER_SECRETS: JSON.stringify({ shop: SECRET, [GATEWAY_PUBLISHER_ID]: SECRET }),
    // Short, so that what the killed process held is redelivered within the test.
    ACK_WAIT_MS: '3000',
    INGEST_BATCH_SIZE: '200',
  };
  let nc: NatsConnection;
  let store: EventStore;
  const processes: IngestorProcess[] = [];

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'kill-test' });
    store = await EventStore.open(url);
  });

  afterAll(async () => {
    for (const p of processes) p.kill('SIGKILL');
    await store?.close();
    await nc?.drain();
  });

  it('stores each of 5,000 events exactly once when the ingestor is SIGKILLed mid-stream and restarted', async () => {
    const first = await IngestorProcess.start(env);
    processes.push(first);
    const events = Array.from({ length: TOTAL }, () => partyEvent('shop'));
    const publishing = new TestPublisher(nc, topology, 'shop', SECRET).publishAll(events);

    // Mid-stream: some stored, most not yet.
    await eventually(async () => expect(await store.count()).toBeGreaterThan(300), { intervalMs: 20 });
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    const storedAtKill = await store.count();
    expect(storedAtKill).toBeLessThan(TOTAL);

    await publishing;
    const second = await IngestorProcess.start(env);
    processes.push(second);
    await eventually(async () => expect(await store.count()).toBe(TOTAL), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    await eventually(async () =>
      expect(await consumerState(nc, topology, 'party')).toMatchObject({ ackPending: 0, pending: 0 }),
    );

    const ids = await store.ids();
    expect(new Set(ids)).toEqual(new Set(events.map((e) => e.event_id)));
    expect(ids).toHaveLength(TOTAL);
    second.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  });
});
