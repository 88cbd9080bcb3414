import { ErrorCode, EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { consumerState } from './support/consumer-state.js';
import { deadLetters } from './support/dead-letters.js';
import { partyEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SECRET = 'shop-secret-0123456789';
const TOTAL = 2_000;
const OUTAGE_MS = 10_000;

describe('ingestor: the database goes down', () => {
  const { natsUrl } = testServers();
  let mongo: DedicatedServer;
  let nc: NatsConnection;
  let ingestor: IngestorProcess | undefined;

  beforeAll(async () => {
    mongo = await dedicatedMongo();
    nc = await connectNats({ url: natsUrl, name: 'dbdown-test' });
  });

  afterAll(async () => {
    ingestor?.kill('SIGKILL');
    await nc?.drain();
    await mongo?.dispose();
  });

  it('acks nothing while MongoDB is down for 10 s and stores all 2,000 events once after it is back', async () => {
    const namespace = uniqueNamespace('dbdown');
    const topology = new EventTopology(namespace);
    const url = databaseUrl(mongo.url, namespace);
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ shop: SECRET, [GATEWAY_PUBLISHER_ID]: SECRET }),
      NAK_BASE_DELAY_MS: '500',
      NAK_MAX_DELAY_MS: '2000',
    });
    const publisher = new TestPublisher(nc, topology, 'shop', SECRET);
    const events = Array.from({ length: TOTAL }, () => partyEvent('shop'));
    const store = await EventStore.open(url);
    try {
      await publisher.publishAll(events.slice(0, 500));
      await eventually(async () => expect(await store.count()).toBeGreaterThan(0));
    } finally {
      await store.close();
    }

    await mongo.stop();
    const failuresBefore = retries(ingestor);
    const rest = publisher.publishAll(events.slice(500));
    // Once a batch failed after the stop, every write confirmed before it has been acked.
    await eventually(() => expect(retries(ingestor!)).toBeGreaterThan(failuresBefore));
    const atFailure = await consumerState(nc, topology, 'party');
    await rest;
    const outageEnd = Date.now() + OUTAGE_MS;
    while (Date.now() < outageEnd) {
      const now = await consumerState(nc, topology, 'party');
      expect(now.ackFloor).toBe(atFailure.ackFloor);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect((await fetch(`${ingestor.healthUrl()}/health/ready`)).status).toBe(503);
    const whileDown = await consumerState(nc, topology, 'party');
    expect(whileDown.ackPending + whileDown.pending).toBeGreaterThan(0);

    await mongo.start();
    const after = await EventStore.open(url);
    try {
      await eventually(async () => expect(await after.count()).toBe(TOTAL), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });
      expect(new Set(await after.ids())).toEqual(new Set(events.map((e) => e.event_id)));
    } finally {
      await after.close();
    }
    await eventually(async () =>
      expect(await consumerState(nc, topology, 'party')).toMatchObject({ ackPending: 0, pending: 0 }),
    );
    expect(await deadLetters(nc, topology, 'party')).toEqual([]);
    ingestor.kill('SIGTERM');
    expect((await ingestor.exited).code).toBe(0);
  });

  it('parks a message that found the database down on its last delivery, and replay stores it later', async () => {
    const namespace = uniqueNamespace('dblimit');
    const topology = new EventTopology(namespace);
    const url = databaseUrl(mongo.url, namespace);
    const env = {
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
    };
    ingestor = await IngestorProcess.start({
      ...env,
      PUBLISHER_SECRETS: JSON.stringify({ shop: SECRET }),
      MAX_DELIVER: '2',
      NAK_BASE_DELAY_MS: '200',
      MONGO_SERVER_SELECTION_TIMEOUT_MS: '500',
    });
    await mongo.stop();
    const event = partyEvent('shop');
    await new TestPublisher(nc, topology, 'shop', SECRET).publish(event);
    const letter = await eventually(async () => {
      const letters = await deadLetters(nc, topology, 'party');
      expect(letters).toHaveLength(1);
      return letters[0];
    });
    expect(letter).toMatchObject({ reason: ErrorCode.DeliveryLimitReached, body: event });
    expect(await consumerState(nc, topology, 'party')).toMatchObject({ ackPending: 0, pending: 0 });

    await mongo.start();
    const replay = await IngestorProcess.run('dlq-replay.main.js', env, ['--category', 'party']);
    expect(replay.code).toBe(0);
    const store = await EventStore.open(url);
    try {
      await eventually(async () => expect(await store.ids()).toEqual([event.event_id]));
    } finally {
      await store.close();
    }
    ingestor.kill('SIGTERM');
    expect((await ingestor.exited).code).toBe(0);
  });
});

function retries(ingestor: IngestorProcess): number {
  return ingestor
    .messages()
    .filter((m) => m.msg === 'batch settled')
    .reduce((n, m) => n + Number(m.retried), 0);
}
