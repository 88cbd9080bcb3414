import type { NatsConnection } from '@nats-io/transport-node';
import { ErrorCode, EventTopology, QuerySubject } from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const reader = testApiKey('shop', ['query']);
const SESSION = 'c1000000-0000-4000-8000-000000000001';

describe('gateway ↔ query service availability', () => {
  const { natsUrl, mongoUrl } = testServers();

  describe('replicas coming and going', () => {
    const namespace = uniqueNamespace('queryavail');
    const dbUrl = databaseUrl(mongoUrl, namespace);
    let store: StoredEvents;
    let gateway: RunningGateway;
    const replicas: QueryReplica[] = [];

    beforeAll(async () => {
      store = await StoredEvents.connect(dbUrl);
      await store.insert(
        Array.from({ length: 5 }, (_, i) => ({
          event_id: `0190a1b2-0000-7000-8000-00000000000${i}`,
          session_id: SESSION,
          timestamp: `2021-09-26 09:15:2${i}.000000`,
          seq: i + 1,
        })),
      );
      gateway = await startGateway({ natsUrl, namespace, keys: [reader], QUERY_TIMEOUT_MS: 3000 });
    });

    afterAll(async () => {
      await gateway?.close();
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await store?.dispose();
    });

    const sessionEvents = () =>
      fetch(`${gateway.url}/v1/sessions/${SESSION}/events`, {
        headers: { authorization: `Bearer ${reader.key}` },
      });

    it('answers 503 query_unavailable while no replica runs (not a 504 timeout), and stays up', async () => {
      const response = await sessionEvents();
      expect(response.status).toBe(503);
      expect((await response.json()).error.code).toBe(ErrorCode.QueryUnavailable);
      expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    });

    it('serves again once a replica is up, and 503 again after it stops', async () => {
      replicas.push(await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace }));
      await eventually(async () => expect((await sessionEvents()).status).toBe(200));
      await replicas.pop()!.close();
      const response = await sessionEvents();
      expect(response.status).toBe(503);
      replicas.push(await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace }));
      await eventually(async () => expect((await sessionEvents()).status).toBe(200));
    });

    it('shares requests under load between two replicas, every one answered', async () => {
      replicas.push(await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace }));
      const before = replicas.map((r) => r.replies());
      const statuses: number[] = [];
      // 20 concurrent clients, 10 requests each.
      await Promise.all(
        Array.from({ length: 20 }, async () => {
          for (let i = 0; i < 10; i += 1) {
            const response = await sessionEvents();
            statuses.push(response.status);
            expect((await response.json()).items).toHaveLength(5);
          }
        }),
      );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      const answered = replicas.map((r, i) => r.replies() - before[i]);
      expect(answered.every((count) => count > 0)).toBe(true);
      expect(answered.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(200);
    });
  });

  describe('a query service that does not answer in time', () => {
    const namespace = uniqueNamespace('querytimeout');
    let gateway: RunningGateway;
    let silent: NatsConnection;

    beforeAll(async () => {
      // A responder that takes every request and never replies (a stuck replica).
      silent = await connectNats({ url: natsUrl, name: 'silent-query-replica' });
      silent.subscribe(new EventTopology(namespace).querySubject(QuerySubject.SessionEvents), {
        queue: 'query',
      });
      await silent.flush();
      gateway = await startGateway({ natsUrl, namespace, keys: [reader], QUERY_TIMEOUT_MS: 300 });
    });

    afterAll(async () => {
      await gateway?.close();
      await silent?.close();
    });

    it('answers 504 query_timeout after QUERY_TIMEOUT_MS, and the gateway stays up', async () => {
      const response = await fetch(`${gateway.url}/v1/sessions/${SESSION}/events`, {
        headers: { authorization: `Bearer ${reader.key}` },
      });
      expect(response.status).toBe(504);
      expect((await response.json()).error.code).toBe(ErrorCode.QueryTimeout);
      expect((await fetch(`${gateway.url}/health/live`)).status).toBe(200);
    });
  });
});
