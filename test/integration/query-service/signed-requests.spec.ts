import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import {
  ErrorCode,
  EventTopology,
  QUERY_SIGNATURE_HEADER,
  QueryErrorKind,
  QuerySubject,
  signQueryRequest,
} from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { startQueryReplica, type QueryReplica } from '../../support/query-replica.js';
import { TEST_QUERY_SIGNING_SECRET } from '../../support/query-signing.js';
import { StoredEvents } from '../../support/stored-events.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';

const SESSION = 'c1000000-0000-4000-8000-000000000001';
const id = (n: number) => `0190a1b2-0000-7000-8000-${String(n).padStart(12, '0')}`;
const MALLORY_ALL = { scope: { app: 'mallory', all: true }, params: {} };

/** What Nest's NATS server replies: a page under `response`, or a typed error under `err`. */
interface NestReply {
  response?: { items: unknown[] };
  err?: { kind: string; code: string; message: string };
}

describe('the query service answers only requests the gateway signed', () => {
  const { natsUrl, mongoUrl } = testServers();
  const namespace = uniqueNamespace('querysig');
  const dbUrl = databaseUrl(mongoUrl, namespace);
  const topology = new EventTopology(namespace);
  const subject = topology.querySubject(QuerySubject.EventsList);
  let store: StoredEvents;
  let replica: QueryReplica;
  let nc: NatsConnection;

  beforeAll(async () => {
    store = await StoredEvents.connect(dbUrl);
    await store.insert([
      { event_id: id(1), session_id: SESSION, timestamp: '2021-09-26 09:15:27', seq: 1, name: 'shop' },
      { event_id: id(2), session_id: SESSION, timestamp: '2021-09-26 09:15:28', seq: 2, name: 'blog' },
    ]);
    replica = await startQueryReplica({ natsUrl, mongoUrl: dbUrl, namespace });
    nc = await connectNats({ url: natsUrl, name: 'query-forger' });
  });

  afterAll(async () => {
    await nc?.close();
    await replica?.close();
    await store?.dispose();
  });

  /** A request as any NATS user could send it: a raw body and the headers it chooses. */
  async function ask(body: unknown, headers: Record<string, string> = {}): Promise<NestReply> {
    const h = natsHeaders();
    for (const [name, value] of Object.entries(headers)) h.set(name, value);
    const reply = await nc.request(subject, JSON.stringify(body), { timeout: 5000, headers: h });
    return reply.json<NestReply>();
  }
  /** Nest's request packet around `data`, as the gateway's client sends it. */
  const packet = (data: unknown) => ({ pattern: QuerySubject.EventsList, data, id: 'forged-1' });
  const signature = (data: unknown, secret = TEST_QUERY_SIGNING_SECRET, expiresAtMs = Date.now() + 5000) =>
    signQueryRequest(QuerySubject.EventsList, data, secret, expiresAtMs);

  function expectRefused(reply: NestReply): void {
    expect(reply.response).toBeUndefined();
    expect(reply.err).toMatchObject({ kind: QueryErrorKind.Unauthenticated, code: ErrorCode.Unauthorized });
  }

  it('answers a signed request with data (the control: the same request unsigned is refused below)', async () => {
    const reply = await ask(packet(MALLORY_ALL), { [QUERY_SIGNATURE_HEADER]: signature(MALLORY_ALL) });
    expect(reply.err).toBeUndefined();
    expect(reply.response?.items).toHaveLength(2);
  });

  it('refuses a plain NATS request naming any scope with an error reply, not silence and not data', async () => {
    expectRefused(await ask(MALLORY_ALL));
  });

  it("refuses Nest's packet without a signature, or with a malformed one", async () => {
    expectRefused(await ask(packet(MALLORY_ALL)));
    expectRefused(await ask(packet(MALLORY_ALL), { [QUERY_SIGNATURE_HEADER]: 'garbage' }));
  });

  it('refuses a request signed with another secret', async () => {
    const header = signature(MALLORY_ALL, 'not-the-query-signing-secret');
    expectRefused(await ask(packet(MALLORY_ALL), { [QUERY_SIGNATURE_HEADER]: header }));
  });

  it('refuses a gateway-signed request whose scope was widened afterwards', async () => {
    const signed = { scope: { app: 'shop', all: false }, params: {} };
    const header = signature(signed);
    expect((await ask(packet(signed), { [QUERY_SIGNATURE_HEADER]: header })).response?.items).toHaveLength(1);
    expectRefused(await ask(packet(MALLORY_ALL), { [QUERY_SIGNATURE_HEADER]: header }));
  });

  it('refuses a signed request replayed after it expired', async () => {
    const header = signature(MALLORY_ALL, TEST_QUERY_SIGNING_SECRET, Date.now() - 60_000);
    expectRefused(await ask(packet(MALLORY_ALL), { [QUERY_SIGNATURE_HEADER]: header }));
  });
});
