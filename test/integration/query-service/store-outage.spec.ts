import { ErrorCode, EventItem, QueryErrorKind, QueryPage, QuerySubject } from '@eventline/contracts';
import { DedicatedServer, dedicatedMongo } from '../../support/dedicated-servers.js';
import { eventually } from '../../support/eventually.js';
import { queryClient } from '../../support/query-client.js';
import { QueryReplica, startQueryReplica } from '../../support/query-replica.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const SESSION = 'd1000000-0000-4000-8000-000000000001';
const request = { scope: { app: 'shop', all: false }, session_id: SESSION, params: {} };

describe('query service while its database is down', () => {
  const { natsUrl } = testServers();
  const namespace = uniqueNamespace('queryoutage');
  let mongo: DedicatedServer;
  let replica: QueryReplica;
  let client: ReturnType<typeof queryClient>;

  beforeAll(async () => {
    mongo = await dedicatedMongo();
    const dbUrl = databaseUrl(mongo.url, namespace);
    const store = await StoredEvents.connect(dbUrl);
    await store.insert([
      {
        event_id: '0190a1b2-0000-7000-8000-000000000001',
        session_id: SESSION,
        timestamp: '2021-09-26 09:15:27',
        seq: 1,
      },
    ]);
    await store.close();
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace, dbTimeoutMs: 500 });
    client = queryClient(natsUrl, namespace);
  });

  afterAll(async () => {
    await client?.close();
    await replica?.close();
    await mongo?.dispose();
  });

  it('replies "unavailable" while MongoDB is stopped and answers again once it is back', async () => {
    expect(
      (await client.request<QueryPage<EventItem>>(QuerySubject.SessionEvents, request)).items,
    ).toHaveLength(1);
    await mongo.stop();
    expect(await client.failure(QuerySubject.SessionEvents, request)).toMatchObject({
      kind: QueryErrorKind.Unavailable,
      code: ErrorCode.QueryUnavailable,
    });
    await mongo.start();
    await eventually(async () =>
      expect(
        (await client.request<QueryPage<EventItem>>(QuerySubject.SessionEvents, request)).items,
      ).toHaveLength(1),
    );
  });
});
