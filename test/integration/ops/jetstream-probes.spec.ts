import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventTopology } from '@eventline/contracts';
import {
  connectNats,
  JetStreamHealthProbe,
  JetStreamStatsReader,
  provisionTopology,
} from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

describe('JetStream probes for readiness and metrics', () => {
  const topology = new EventTopology(uniqueNamespace('probes'));
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectNats({ url: testServers().natsUrl, name: 'ops-probes-test' });
  });

  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm.streams.delete(stream).catch(() => false);
    await nc.drain();
  });

  it('names the streams that do not exist yet, and none once provisioned', async () => {
    const probe = new JetStreamHealthProbe(() => nc, [topology.eventsStream, topology.dlqStream]);
    await probe.ping();
    expect(await probe.missingStreams()).toEqual([topology.eventsStream, topology.dlqStream]);
    await provisionTopology(nc, topology, ['party', 'click']);
    expect(await probe.missingStreams()).toEqual([]);
  });

  it('reports a category consumer backlog and the DLQ depth by category', async () => {
    await provisionTopology(nc, topology, ['party', 'click']);
    const js = jetstream(nc);
    for (let i = 0; i < 3; i++) await js.publish(topology.eventsSubject('party'), '{}');
    await js.publish(topology.dlqSubject('click'), '{}');
    const reader = new JetStreamStatsReader(() => nc, topology, ['party', 'click']);
    await eventually(async () => {
      expect(await reader.consumerStats()).toEqual([
        { category: 'party', pending: 3, ackPending: 0, redelivered: 0 },
        { category: 'click', pending: 0, ackPending: 0, redelivered: 0 },
      ]);
    });
    expect(await reader.deadLetterCounts()).toEqual({ party: 0, click: 1 });
  });
});
