import { jetstreamManager } from '@nats-io/jetstream';
import { CATEGORY_NAMES, EventTopology } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { freePort } from '../../support/free-port.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { AppProcess } from './support/app-process.js';
import { composeEnvironment, withoutNatsCredentials } from './support/compose-file.js';
import { StartingGate } from './support/starting-gate.js';

const ROUNDS = 10;

describe('a first `docker compose up`: gateway and ingestor starting at the same instant on a fresh namespace', () => {
  const { natsUrl, mongoUrl } = testServers();
  const database = uniqueNamespace('race');

  it(`both start, and the consumers end with the ingestor's configuration, ${ROUNDS} times out of ${ROUNDS}`, async () => {
    const nc = await connectNats({ url: natsUrl, name: 'first-start-race-test' });
    const jsm = await jetstreamManager(nc);
    const ingestorEnv = composeEnvironment('ingestor');
    try {
      for (let round = 0; round < ROUNDS; round++) {
        const topology = new EventTopology(uniqueNamespace(`race${round}`));
        const [gatewayPort, ingestorPort] = [await freePort(), await freePort()];
        // Both reach NATS at the same instant: their first connections (one each) wait for each other.
        const gate = await StartingGate.start(natsUrl, 2);
        // compose's environment; this machine's servers (no NATS users here), a namespace per round.
        const common = {
          NODE_ENV: 'production',
          NATS_URL: gate.url,
          MONGO_URL: databaseUrl(mongoUrl, database),
          EVENTLINE_NAMESPACE: topology.namespace,
          LOG_LEVEL: 'warn',
        };
        const gateway = new AppProcess('gateway', {
          ...withoutNatsCredentials(composeEnvironment('gateway')),
          ...common,
          PORT: String(gatewayPort),
        });
        const ingestor = new AppProcess('ingestor', {
          ...withoutNatsCredentials(ingestorEnv),
          ...common,
          HEALTH_PORT: String(ingestorPort),
        });
        try {
          await Promise.all([
            gateway.waitUntilOk(`http://127.0.0.1:${gatewayPort}/health/ready`),
            ingestor.waitUntilOk(`http://127.0.0.1:${ingestorPort}/health/ready`),
          ]);
          const consumers = await jsm.consumers.list(topology.eventsStream).next();
          expect(consumers.map((c) => c.name).sort()).toEqual(
            CATEGORY_NAMES.map((c) => topology.consumerName(c)).sort(),
          );
          // One configuration: the ingestor's (MAX_DELIVER and ACK_WAIT_MS at its defaults, as compose leaves them).
          expect(new Set(consumers.map((c) => `${c.config.max_deliver}/${c.config.ack_wait}`))).toEqual(
            new Set([`20/${30_000 * 1_000_000}`]),
          );
        } finally {
          await Promise.all([gateway.stop(), ingestor.stop()]);
          await gate.close();
          for (const stream of [topology.eventsStream, topology.dlqStream])
            await jsm.streams.delete(stream).catch(() => false);
        }
      }
    } finally {
      await nc.close();
    }
  }, 300_000);
});
