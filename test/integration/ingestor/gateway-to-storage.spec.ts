import { randomUUID } from 'node:crypto';
import { GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SIGNING_SECRET = 'gateway-signing-secret-0123456789';
const appKey = testApiKey('AppName', ['ingest']);

describe('gateway → JetStream → ingestor → MongoDB', () => {
  const namespace = uniqueNamespace('endtoend');
  const { natsUrl, mongoUrl } = testServers();
  const url = databaseUrl(mongoUrl, namespace);
  let gateway: RunningGateway;
  let ingestor: IngestorProcess;
  let store: EventStore;

  beforeAll(async () => {
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: '*',
      PUBLISHER_SECRETS: JSON.stringify({ [GATEWAY_PUBLISHER_ID]: SIGNING_SECRET }),
    });
    gateway = await startGateway({
      natsUrl,
      namespace,
      keys: [appKey],
      GATEWAY_SIGNING_SECRET: SIGNING_SECRET,
    });
    store = await EventStore.open(url);
  });

  afterAll(async () => {
    await gateway?.close();
    ingestor?.kill('SIGTERM');
    await ingestor?.exited;
    await store?.close();
  });

  it('stores events posted over HTTP with source "http", microsecond time, ordered by time, with the session index', async () => {
    const session = randomUUID();
    const posted = [
      { timestamp: '2021-09-26 09:15:27.243861', path: '/b' },
      { timestamp: '2021-09-26 09:15:27.243860', path: '/a' },
      { timestamp: '2021-09-26 09:15:27.243861', path: '/c' },
    ].map(({ timestamp, path }) => ({
      session_id: session,
      category: 'party',
      name: 'AppName',
      data: { host: 'www.party.com', path },
      timestamp,
    }));
    const response = await fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${appKey.key}` },
      body: JSON.stringify([...posted, { ...posted[0], category: 'click', data: { element: '#buy' } }]),
    });
    expect(response.status).toBe(202);
    const { results } = (await response.json()) as { results: { event_id: string }[] };

    const docs = await eventually(async () => {
      const found = await store.find({ session_id: session }, { session_id: 1, ts_us: 1, seq: 1, _id: 1 });
      expect(found).toHaveLength(4);
      return found;
    });
    expect(new Set(docs.map((d) => d.event_id))).toEqual(new Set(results.map((r) => r.event_id)));
    expect(docs.every((d) => d.source === 'http' && d.name === 'AppName')).toBe(true);
    expect(docs.map((d) => d.ts_us)).toEqual([
      1632647727243860, 1632647727243861, 1632647727243861, 1632647727243861,
    ]);
    expect((docs[0].data as { path: string }).path).toBe('/a');
    // One message per category: the events of one message share its sequence.
    const partySeqs = new Set(docs.filter((d) => d.category === 'party').map((d) => d.seq));
    expect(partySeqs.size).toBe(1);

    const sessionIndex = (await store.indexes()).find((index) => index.name === 'session_timeline');
    expect(sessionIndex?.key).toEqual({ session_id: 1, ts_us: 1, seq: 1, _id: 1 });
  });
});
