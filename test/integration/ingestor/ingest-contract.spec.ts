import {
  ErrorCode,
  EventHeader,
  EventTopology,
  GATEWAY_PUBLISHER_ID,
  verifyMessageSignature,
} from '@eventline/contracts';
import { connectNats, type NatsConnection } from '@eventline/messaging';
import { eventually } from '../../support/eventually.js';
import { databaseUrl, testServers, uniqueNamespace } from '../../support/test-environment.js';
import { deadLetters } from './support/dead-letters.js';
import { partyEvent, TestPublisher } from './support/event-publisher.js';
import { EventStore } from './support/event-store.js';
import { IngestorProcess } from './support/ingestor-process.js';

const SHOP_SECRET = 'shop-secret-0123456789';
const GATEWAY_SECRET = 'gateway-secret-0123456789';

describe('ingestor: the message contract', () => {
  const namespace = uniqueNamespace('contract');
  const topology = new EventTopology(namespace);
  const { natsUrl, mongoUrl } = testServers();
  let nc: NatsConnection;
  let store: EventStore;
  let ingestor: IngestorProcess;
  let shop: TestPublisher;

  beforeAll(async () => {
    const url = databaseUrl(mongoUrl, namespace);
    ingestor = await IngestorProcess.start({
      NATS_URL: natsUrl,
      MONGO_URL: url,
      EVENTLINE_NAMESPACE: namespace,
      INGEST_CATEGORIES: 'party',
      PUBLISHER_SECRETS: JSON.stringify({ shop: SHOP_SECRET, [GATEWAY_PUBLISHER_ID]: GATEWAY_SECRET }),
    });
    nc = await connectNats({ url: natsUrl, name: 'contract-test' });
    store = await EventStore.open(url);
    shop = new TestPublisher(nc, topology, 'shop', SHOP_SECRET);
  });

  afterAll(async () => {
    ingestor?.kill('SIGTERM');
    await ingestor?.exited;
    await store?.close();
    await nc?.drain();
  });

  it('stores a signed backend event with source "nats", microsecond time, stream sequence and broker time', async () => {
    const event = partyEvent('shop', { timestamp: '2021-09-26 09:15:27.243861' });
    const ack = await shop.publish(event);
    const [doc] = await eventually(async () => {
      const docs = await store.find({ event_id: event.event_id });
      expect(docs).toHaveLength(1);
      return docs;
    });
    expect(doc).toMatchObject({
      session_id: event.session_id,
      category: 'party',
      name: 'shop',
      data: { host: 'www.party.com', path: '/' },
      ts_us: 1632647727243861,
      seq: ack.seq,
      source: 'nats',
    });
    expect((doc.ts as Date).toISOString()).toBe('2021-09-26T09:15:27.243Z');
    expect(doc.received_at).toBeInstanceOf(Date);
  });

  it('stores events signed by the gateway, of any application, with source "http"', async () => {
    const gateway = new TestPublisher(nc, topology, GATEWAY_PUBLISHER_ID, GATEWAY_SECRET);
    const events = [partyEvent('checkout'), partyEvent('blog')];
    await gateway.publish(events);
    await eventually(async () => {
      const docs = await store.find({ event_id: { $in: events.map((e) => e.event_id) } });
      expect(docs.map((d) => [d.name, d.source]).sort()).toEqual([
        ['blog', 'http'],
        ['checkout', 'http'],
      ]);
    });
  });

  it('parks a message with a wrong signature on the DLQ with the reason, and stores nothing of it', async () => {
    const event = partyEvent('shop');
    const ack = await shop.publish(event, { signature: 'ab'.repeat(32) });
    const letter = await eventually(async () => {
      const letters = (await deadLetters(nc, topology, 'party')).filter((l) => sameEvents(l.body, [event]));
      expect(letters).toHaveLength(1);
      return letters[0];
    });
    expect(letter.reason).toBe(ErrorCode.InvalidSignature);
    expect(letter.headers[EventHeader.DlqOriginalSeq]).toBe(String(ack.seq));
    expect(letter.headers[EventHeader.DlqOriginalSubject]).toBe(topology.eventsSubject('party'));
    expect(letter.headers[EventHeader.App]).toBe('shop');
    expect(await store.count({ event_id: event.event_id })).toBe(0);
  });

  it('parks an event with invalid data on the DLQ with the field, and stores nothing of it', async () => {
    const event = partyEvent('shop', { data: { host: 'www.party.com', path: 'no-slash' } });
    await shop.publish(event);
    const letter = await eventually(async () => {
      const letters = (await deadLetters(nc, topology, 'party')).filter((l) => sameEvents(l.body, [event]));
      expect(letters).toHaveLength(1);
      return letters[0];
    });
    expect(letter.reason).toBe(ErrorCode.InvalidData);
    expect(letter.detail).toContain('data.path');
    expect(await store.count({ event_id: event.event_id })).toBe(0);
  });

  it('refuses a backend publisher events of another application as untrusted_app', async () => {
    const event = partyEvent('someone-else');
    await shop.publish(event);
    const letter = await eventually(async () => {
      const letters = (await deadLetters(nc, topology, 'party')).filter((l) => sameEvents(l.body, [event]));
      expect(letters).toHaveLength(1);
      return letters[0];
    });
    expect(letter.reason).toBe(ErrorCode.UntrustedApp);
    expect(await store.count({ event_id: event.event_id })).toBe(0);
  });

  it('stores the valid events of an array and parks each invalid one alone, signed for its own body', async () => {
    const good = [partyEvent('shop'), partyEvent('shop')];
    const bad = partyEvent('shop', { timestamp: 'yesterday' });
    await shop.publish([good[0], bad, good[1]]);
    const letter = await eventually(async () => {
      const letters = (await deadLetters(nc, topology, 'party')).filter((l) => sameEvents(l.body, [bad]));
      expect(letters).toHaveLength(1);
      return letters[0];
    });
    expect(letter.reason).toBe(ErrorCode.InvalidTimestamp);
    expect(
      verifyMessageSignature(
        Buffer.from(JSON.stringify(bad)),
        SHOP_SECRET,
        letter.headers[EventHeader.Signature],
      ),
    ).toBe(true);
    expect(await store.count({ event_id: { $in: good.map((e) => e.event_id) } })).toBe(2);
    expect(await store.count({ event_id: bad.event_id })).toBe(0);
  });

  it('stores an event published twice (outside the stream de-duplication) once', async () => {
    const event = partyEvent('shop');
    await shop.publish(event);
    // A different message id defeats the stream's de-duplication: only the event id is left.
    await shop.publish([event, event]);
    await eventually(async () => {
      const settled = ingestor.messages().filter((m) => m.msg === 'batch settled');
      expect(settled.reduce((n, m) => n + Number(m.duplicates), 0)).toBeGreaterThanOrEqual(2);
    });
    expect(await store.count({ event_id: event.event_id })).toBe(1);
  });

  it('reports ready on /health/ready while NATS and MongoDB answer, and live on /health/live', async () => {
    const ready = await fetch(`${ingestor.healthUrl()}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      info: { nats: { status: 'up' }, mongodb: { status: 'up' } },
    });
    expect((await fetch(`${ingestor.healthUrl()}/health/live`)).status).toBe(200);
  });
});

function sameEvents(body: unknown, events: { event_id: string }[]): boolean {
  const items = Array.isArray(body) ? body : [body];
  return (
    items.length === events.length &&
    items.every((item, i) => (item as { event_id?: string }).event_id === events[i].event_id)
  );
}
