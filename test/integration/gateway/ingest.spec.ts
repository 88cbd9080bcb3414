import { gzipSync } from 'node:zlib';
import { jetstreamManager, JetStreamManager, StoredMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  EventHeader,
  EventTopology,
  GATEWAY_PUBLISHER_ID,
  messageIdFor,
  signMessage,
  verifyMessageSignature,
} from '@eventline/contracts';
import { connectNats } from '@eventline/messaging';
import { RunningGateway, startGateway, testApiKey } from '../../support/gateway-app.js';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const shop = testApiKey('shop', ['ingest']);
const shopReader = testApiKey('shop', ['query']);

function event(eventId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category: 'party',
    name: 'shop',
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    event_id: eventId,
    ...overrides,
  };
}

const uuid = (n: number) => `0190f3a1-2b3c-7d4e-8f60-${String(n).padStart(12, '0')}`;

describe('POST /v1/events (gateway against real NATS JetStream)', () => {
  const namespace = uniqueNamespace('gwingest');
  const topology = new EventTopology(namespace);
  let gateway: RunningGateway;
  let nc: NatsConnection;
  let jsm: JetStreamManager;

  beforeAll(async () => {
    const { natsUrl } = testServers();
    gateway = await startGateway({ natsUrl, namespace, keys: [shop, shopReader] });
    nc = await connectNats({ url: natsUrl, name: 'gateway-ingest-test' });
    jsm = await jetstreamManager(nc);
  });

  afterAll(async () => {
    await gateway?.close();
    for (const stream of [topology.eventsStream, topology.dlqStream])
      await jsm?.streams.delete(stream).catch(() => undefined);
    await nc?.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shop.key}`, ...headers },
      body:
        typeof body === 'string'
          ? body
          : body instanceof Buffer
            ? new Uint8Array(body)
            : JSON.stringify(body),
    });

  async function streamMessages(): Promise<StoredMsg[]> {
    const { state } = await jsm.streams.info(topology.eventsStream);
    const messages: StoredMsg[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
      const message = await jsm.streams.getMessage(topology.eventsStream, { seq });
      if (message) messages.push(message);
    }
    return messages;
  }

  describe('a batch with one impossible timestamp', () => {
    const batch = [
      event(uuid(1)),
      event(uuid(2), { category: 'click', data: { element: '#buy' } }),
      event(uuid(3), { timestamp: '2021-02-30 10:00:00' }),
    ];

    it('answers 207, publishes the two valid events with their headers, and reports the third', async () => {
      const response = await post(batch, { 'x-request-id': 'batch-one' });
      expect(response.status).toBe(207);
      expect(await response.json()).toEqual({
        accepted: 2,
        duplicates: 0,
        rejected: 1,
        results: [
          { index: 0, event_id: uuid(1), status: 'accepted' },
          { index: 1, event_id: uuid(2), status: 'accepted' },
          {
            index: 2,
            event_id: uuid(3),
            status: 'rejected',
            errors: [{ field: 'timestamp', code: 'invalid_timestamp', message: expect.any(String) }],
          },
        ],
      });

      const messages = await streamMessages();
      expect(messages.map((m) => m.subject).sort()).toEqual([
        topology.eventsSubject('click'),
        topology.eventsSubject('party'),
      ]);
      for (const message of messages) {
        const published = message.json<Record<string, unknown>>();
        expect(published).toEqual(batch.find((e) => e.event_id === published.event_id));
        expect(message.header.get(EventHeader.MsgId)).toBe(
          messageIdFor(message.header.get(EventHeader.Signature)),
        );
        expect(message.header.get(EventHeader.App)).toBe(GATEWAY_PUBLISHER_ID);
        expect(message.header.get(EventHeader.CorrelationId)).toBe('batch-one');
        expect(
          verifyMessageSignature(
            message.data,
            gateway.config.GATEWAY_SIGNING_SECRET,
            message.header.get(EventHeader.Signature),
          ),
        ).toBe(true);
      }
      expect(messages.some((m) => new TextDecoder().decode(m.data).includes(uuid(3)))).toBe(false);
    });

    it('publishes nothing new when the same batch is sent again, and reports the events as duplicates', async () => {
      const before = (await jsm.streams.info(topology.eventsStream)).state.messages;
      const response = await post(batch);
      expect(response.status).toBe(207);
      expect(await response.json()).toMatchObject({
        accepted: 0,
        duplicates: 2,
        rejected: 1,
        results: [{ status: 'duplicate' }, { status: 'duplicate' }, { status: 'rejected' }],
      });
      expect((await jsm.streams.info(topology.eventsStream)).state.messages).toBe(before);
    });
  });

  it('packs many events of one category into array messages of at most 100 events', async () => {
    const events = Array.from({ length: 150 }, (_, i) => event(uuid(1000 + i)));
    const before = (await jsm.streams.info(topology.eventsStream)).state.last_seq;
    const response = await post(events);
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 150, rejected: 0 });
    const messages = (await streamMessages()).filter((m) => m.seq > before);
    expect(messages.map((m) => m.json<unknown[]>().length)).toEqual([100, 50]);
    expect(messages[0].header.get(EventHeader.MsgId)).toBe(
      messageIdFor(signMessage(messages[0].data, gateway.config.GATEWAY_SIGNING_SECRET)),
    );
  });

  it('assigns an event id when the producer sends none and publishes the event with it', async () => {
    const withoutId = event('unused');
    delete withoutId.event_id;
    const response = await post(withoutId);
    expect(response.status).toBe(202);
    const { results } = (await response.json()) as { results: Array<{ event_id: string }> };
    const messages = await streamMessages();
    expect(
      messages.find((m) => new TextDecoder().decode(m.data).includes(results[0].event_id)),
    ).toBeDefined();
  });

  it('inflates a gzip body', async () => {
    const response = await post(gzipSync(JSON.stringify(event(uuid(50)))), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(202);
  });

  describe('credentials', () => {
    it('answers 401 without a key or with an unknown key', async () => {
      for (const authorization of ['', 'Bearer not-a-key', shop.key]) {
        const response = await post(event(uuid(60)), { authorization });
        expect(response.status).toBe(401);
        expect(await response.json()).toEqual({
          error: { code: 'unauthorized', message: expect.any(String) },
        });
      }
    });

    it('answers 403 for a key without the ingest scope', async () => {
      const response = await post(event(uuid(61)), { authorization: `Bearer ${shopReader.key}` });
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
    });

    it("answers 403 when the events name an application other than the key's", async () => {
      const response = await post([event(uuid(62), { name: 'other-app' })]);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({
        error: { code: 'untrusted_app', field: 'name', message: expect.any(String) },
      });
    });
  });

  describe('bodies', () => {
    it('answers 413 for a body over the limit', async () => {
      const response = await post(`[${' '.repeat(gateway.config.BODY_LIMIT_BYTES)}]`);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } });
    });

    it('answers 413 for a small gzip body that inflates past the limit', async () => {
      const compressed = gzipSync(`[${' '.repeat(gateway.config.BODY_LIMIT_BYTES)}]`);
      expect(compressed.byteLength).toBeLessThan(gateway.config.BODY_LIMIT_BYTES / 100);
      const response = await post(compressed, { 'content-encoding': 'gzip' });
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'body_too_large' } });
    });

    it('answers 413 for more events than one request may hold', async () => {
      const events = Array.from({ length: gateway.config.MAX_EVENTS_PER_REQUEST + 1 }, (_, i) =>
        event(uuid(5000 + i)),
      );
      const response = await post(events);
      expect(response.status).toBe(413);
      expect(await response.json()).toMatchObject({ error: { code: 'too_many_events' } });
    });

    it('answers 415 for text/plain and other non-JSON content types', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        const response = await post(JSON.stringify(event(uuid(70))), { 'content-type': contentType });
        expect(response.status).toBe(415);
        expect(await response.json()).toMatchObject({ error: { code: 'unsupported_media_type' } });
      }
    });

    it('answers 400 for [], for "x", and for invalid JSON', async () => {
      for (const body of ['[]', '"x"', '{"session_id": ']) {
        const response = await post(body);
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({
          error: { code: 'invalid_body', message: expect.any(String) },
        });
      }
    });

    it('answers 400 with every event reported when none is valid', async () => {
      const response = await post([event(uuid(80), { category: 'nope' })]);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        accepted: 0,
        rejected: 1,
        results: [
          { index: 0, status: 'rejected', errors: [{ field: 'category', code: 'unknown_category' }] },
        ],
      });
    });
  });
});
