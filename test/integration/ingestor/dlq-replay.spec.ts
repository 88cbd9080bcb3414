import { ErrorCode, EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deadLetters } from './support/dead-letters.js';
import { partyEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const GATEWAY_SECRET = 'gateway-secret-0123456789';
const NEW_APP_SECRET = 'new-app-secret-0123456789';

describe('ingestor: DLQ replay', () => {
  const namespace = uniqueNamespace('replay');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  const env = {
    NATS_URL: natsUrl,
    MONGO_URL: url,
    EVENTLINE_NAMESPACE: namespace,
    INGEST_CATEGORIES: 'party',
  };
  let nc: NatsConnection;
  let store: EventStore;
  let ingestor: IngestorProcess | undefined;

  beforeAll(async () => {
    nc = await connectNats({ url: natsUrl, name: 'replay-test' });
    store = await EventStore.open(url);
  });

  afterAll(async () => {
    ingestor?.kill('SIGKILL');
    await store?.close();
    await nc?.drain();
  });

  it('re-publishes parked messages after the fix, keeping their event ids, and empties the DLQ', async () => {
    // A publisher the ingestor does not know yet: its messages are parked as invalid_signature.
    ingestor = await IngestorProcess.start({
      ...env,
      PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: GATEWAY_SECRET }),
    });
    const publisher = new TestPublisher(nc, topology, 'new-app', NEW_APP_SECRET);
    const events = [partyEvent('new-app'), partyEvent('new-app'), partyEvent('new-app')];
    await publisher.publish(events.slice(0, 2));
    await publisher.publish(events[2]);
    await eventually(async () => {
      const letters = await deadLetters(nc, topology, 'party');
      expect(letters.map((l) => l.reason)).toEqual([ErrorCode.InvalidSignature, ErrorCode.InvalidSignature]);
    });
    expect(await store.count()).toBe(0);

    // The fix: the ingestor learns the publisher's secret.
    ingestor.kill('SIGTERM');
    expect((await ingestor.exited).code).toBe(0);
    ingestor = await IngestorProcess.start({
      ...env,
      PUBLISHER_SECRETS: JSON.stringify({
        [GATEWAY_PUBLISHER_ID]: GATEWAY_SECRET,
        'new-app': NEW_APP_SECRET,
      }),
    });

    const replay = await IngestorProcess.run('dlq-replay.main.js', env, ['--category', 'party']);
    expect({ code: replay.code, stderr: replay.stderr }).toEqual({ code: 0, stderr: '' });
    expect(replay.lines).toEqual([{ category: 'party', replayed: 2 }]);
    await eventually(async () =>
      expect(new Set(await store.ids())).toEqual(new Set(events.map((e) => e.event_id))),
    );
    expect(await deadLetters(nc, topology, 'party')).toEqual([]);

    const again = await IngestorProcess.run('dlq-replay.main.js', env, ['--category', 'party']);
    expect(again.code).toBe(0);
    expect(await store.count()).toBe(3);
  });

  it('refuses to run without a registered category', async () => {
    const replay = await IngestorProcess.run('dlq-replay.main.js', env, ['--category', 'nope']);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('--category');
  });
});
