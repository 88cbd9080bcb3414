import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

describe('query service readiness', () => {
  const namespace = uniqueNamespace('queryready');
  let mongo: DedicatedServer;
  let replica: QueryReplica;
  let ready: () => Promise<Response>;

  beforeAll(async () => {
    mongo = await dedicatedMongo();
    replica = await startQueryReplica({
      natsUrl: testServers().natsUrl,
      mongoUrl: databaseUrl(mongo.url, namespace),
      namespace,
    });
    const url = await replica.app.getUrl();
    ready = () => fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(15_000) });
  });

  afterAll(async () => {
    await replica?.close();
    await mongo?.dispose();
  });

  it('is 503 naming mongodb while MongoDB is down, and 200 again once it is back', async () => {
    await eventually(async () => expect((await ready()).status).toBe(200));

    await mongo.stop();
    const down = await eventually(async () => {
      const response = await ready();
      expect(response.status).toBe(503);
      return response.json();
    });
    expect(down).toMatchObject({ error: { mongodb: { status: 'down' } }, info: { nats: { status: 'up' } } });

    await mongo.start();
    await eventually(async () => expect((await ready()).status).toBe(200), { timeoutMs: 30_000 });
  });
});
