import { jetstreamManager } from '@nats-io/jetstream';
import { CATEGORY_NAMES, EventTopology } from '@eventline/contracts';
import { connectNats, DEFAULT_PROVISION_OPTIONS, provisionTopology } from '@eventline/messaging';
import { startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

describe('gateway start-up provisioning', () => {
  it('creates stream EVENTS when missing, leaves the DLQ and the consumers to the ingestor, and changes nothing the ingestor chose', async () => {
    const { natsUrl } = testServers();
    const fresh = new EventTopology(uniqueNamespace('gwprovfresh'));
    const owned = new EventTopology(uniqueNamespace('gwprovowned'));
    const nc = await connectNats({ url: natsUrl, name: 'gateway-provisioning-test' });
    const jsm = await jetstreamManager(nc);
    try {
      await provisionTopology(nc, owned, CATEGORY_NAMES, { ...DEFAULT_PROVISION_OPTIONS, maxDeliver: 7 });

      for (const topology of [fresh, owned]) {
        const gateway = await startGateway({
          natsUrl,
          namespace: topology.namespace,
          keys: [testApiKey('shop', ['ingest'])],
        });
        await gateway.close();
      }

      expect((await jsm.streams.info(fresh.eventsStream)).config.subjects).toEqual([fresh.eventsWildcard]);
      await expect(jsm.streams.info(fresh.dlqStream)).rejects.toThrow(/stream not found/);
      expect(await jsm.consumers.list(fresh.eventsStream).next()).toEqual([]);
      expect(
        (await jsm.consumers.info(owned.eventsStream, owned.consumerName('party'))).config.max_deliver,
      ).toBe(7);
    } finally {
      for (const topology of [fresh, owned]) {
        for (const stream of [topology.eventsStream, topology.dlqStream])
          await jsm.streams.delete(stream).catch(() => undefined);
      }
      await nc.close();
    }
  });
});
