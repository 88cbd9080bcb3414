import { jetstreamManager } from '@nats-io/jetstream';
import { CATEGORY_NAMES, EventTopology } from '@eventline/contracts';
import {
  connectNats,
  DEFAULT_PROVISION_OPTIONS,
  ensureEventsStream,
  provisionTopology,
} from '@eventline/messaging';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const DAY_NS = 24 * 3600 * 1_000_000_000;

describe('topology provisioning', () => {
  const { natsUrl } = testServers();
  const owner = { ...DEFAULT_PROVISION_OPTIONS, maxDeliver: 20, ackWaitMs: 45_000 };

  it("converges on the owner's configuration whoever created the streams and consumers first, keeping an operator's retention limit", async () => {
    const topology = new EventTopology(uniqueNamespace('provconverge'));
    const nc = await connectNats({ url: natsUrl, name: 'provisioning-test' });
    const jsm = await jetstreamManager(nc);
    try {
      // Someone else first: other consumer settings, and a retention limit set with the CLI.
      await provisionTopology(nc, topology, ['party', 'click'], {
        ...DEFAULT_PROVISION_OPTIONS,
        maxDeliver: 10,
      });
      await jsm.streams.update(topology.eventsStream, { max_age: 90 * DAY_NS });

      await provisionTopology(nc, topology, ['party', 'click'], owner);

      for (const category of ['party', 'click']) {
        const { config } = await jsm.consumers.info(topology.eventsStream, topology.consumerName(category));
        expect([config.max_deliver, config.ack_wait]).toEqual([20, 45_000 * 1_000_000]);
      }
      expect((await jsm.streams.info(topology.eventsStream)).config.max_age).toBe(90 * DAY_NS);
    } finally {
      for (const stream of [topology.eventsStream, topology.dlqStream])
        await jsm.streams.delete(stream).catch(() => false);
      await nc.close();
    }
  });

  it('lets a publisher and several owners provision at the same instant, all succeeding', async () => {
    const topology = new EventTopology(uniqueNamespace('provrace'));
    const connections = await Promise.all(
      [0, 1, 2, 3].map((i) => connectNats({ url: natsUrl, name: `provisioning-race-${i}` })),
    );
    const jsm = await jetstreamManager(connections[0]);
    try {
      await Promise.all([
        // The gateway passes the same consumer settings as the owner (both read IngestPathConfig).
        ensureEventsStream(connections[0], topology, owner),
        ...connections.slice(1).map((nc) => provisionTopology(nc, topology, CATEGORY_NAMES, owner)),
      ]);
      const consumers = await jsm.consumers.list(topology.eventsStream).next();
      expect(consumers).toHaveLength(CATEGORY_NAMES.length);
      expect(new Set(consumers.map((c) => c.config.max_deliver))).toEqual(new Set([20]));
    } finally {
      for (const stream of [topology.eventsStream, topology.dlqStream])
        await jsm.streams.delete(stream).catch(() => false);
      await Promise.all(connections.map((nc) => nc.close()));
    }
  });
});
