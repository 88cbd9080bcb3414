import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers } from '@nats-io/transport-node';
import { ErrorCode, EventHeader, EventTopology } from '@eventline/contracts';
import {
  connectNats,
  MaxDeliveriesWatcher,
  provisionTopology,
  type NatsConnection,
} from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deadLetters } from '../ingestor/support/dead-letters.js';

describe('MaxDeliveriesWatcher', () => {
  const topology = new EventTopology(uniqueNamespace('maxdeliver'));
  let nc: NatsConnection;
  let watcher: MaxDeliveriesWatcher;

  beforeAll(async () => {
    nc = await connectNats({ url: testServers().natsUrl, name: 'max-deliveries-test' });
    await provisionTopology(nc, topology, ['party'], {
      replicas: 1,
      duplicateWindowMs: 120_000,
      ackWaitMs: 1_000,
      maxDeliver: 2,
    });
    watcher = new MaxDeliveriesWatcher(nc, topology, ['party'], { warn: () => {}, error: () => {} });
    watcher.start();
  });

  afterAll(async () => {
    watcher?.stop();
    await nc?.drain();
  });

  it('parks a message whose every delivery went unsettled (a consumer crashing on it) on the DLQ', async () => {
    const js = jetstream(nc);
    const h = headers();
    h.set(EventHeader.App, 'shop');
    h.set(EventHeader.Signature, 'cd'.repeat(32));
    const ack = await js.publish(topology.eventsSubject('party'), Buffer.from('{"poison":true}'), {
      headers: h,
    });
    const consumer = await js.consumers.get(topology.eventsStream, topology.consumerName('party'));

    // Two deliveries never settled, as by a process that dies on the message; the broker gives up
    // on the pull after them.
    const deliveries: number[] = [];
    const letters = await eventually(
      async () => {
        const message = await consumer.next({ expires: 1_000 });
        if (message) deliveries.push(message.info.deliveryCount);
        const parked = await deadLetters(nc, topology, 'party');
        expect(parked).toHaveLength(1);
        return parked;
      },
      { timeoutMs: 30_000, intervalMs: 0 },
    );
    expect(deliveries).toEqual([1, 2]);
    expect(letters[0]).toMatchObject({
      reason: ErrorCode.DeliveryLimitReached,
      body: { poison: true },
      headers: { [EventHeader.App]: 'shop', [EventHeader.DlqOriginalSeq]: String(ack.seq) },
    });
    const jsm = await jetstreamManager(nc);
    await eventually(async () =>
      expect((await jsm.streams.info(topology.eventsStream)).state.messages).toBe(0),
    );
  });
});
