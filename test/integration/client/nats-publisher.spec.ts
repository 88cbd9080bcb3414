import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  CATEGORY_NAMES,
  EventHeader,
  EventTopology,
  messageIdFor,
  parseEventTimestamp,
  verifyMessageSignature,
} from '@eventline/contracts';
import { EventlinePublisher, EventlinePublishError } from '@eventline/client/nats';
import { connectNats, provisionTopology, DEFAULT_PROVISION_OPTIONS } from '@eventline/messaging';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

const namespace = uniqueNamespace('clientnats');
const topology = new EventTopology(namespace);
const secret = 'billing-secret-1';
const sessionId = '5b1f6a1e-8c44-4f0e-9d0a-6f3c2b1a0e9d';
let nc: NatsConnection;
let jsm: JetStreamManager;
let publisher: EventlinePublisher;

beforeAll(async () => {
  nc = await connectNats({ url: testServers().natsUrl, name: 'client-nats-publisher-test' });
  await provisionTopology(nc, topology, CATEGORY_NAMES, DEFAULT_PROVISION_OPTIONS);
  jsm = await jetstreamManager(nc);
  publisher = new EventlinePublisher({ connection: nc, app: 'billing', secret, namespace });
});

afterAll(async () => {
  await jsm.streams.delete(topology.eventsStream).catch(() => undefined);
  await jsm.streams.delete(topology.dlqStream).catch(() => undefined);
  await nc.close();
});

async function stored(seq: number) {
  const message = await jsm.streams.getMessage(topology.eventsStream, { seq });
  if (!message) throw new Error(`no message ${seq} in ${topology.eventsStream}`);
  return message;
}

async function messageCount(): Promise<number> {
  return (await jsm.streams.info(topology.eventsStream)).state.messages;
}

describe('EventlinePublisher', () => {
  it('publishes one event on events.<category>, signed, with a Nats-Msg-Id derived from the signature, once acknowledged', async () => {
    const receipt = await publisher.publish(
      'party',
      { host: 'billing.example', path: '/paid' },
      { sessionId, correlationId: 'corr-1' },
    );

    expect(receipt).toMatchObject({ stream: topology.eventsStream, duplicate: false });
    const message = await stored(receipt.seq);
    expect(message.subject).toBe(topology.eventsSubject('party'));
    const body = JSON.parse(new TextDecoder().decode(message.data));
    expect(body).toEqual({
      event_id: receipt.event_ids[0],
      session_id: sessionId,
      category: 'party',
      name: 'billing',
      data: { host: 'billing.example', path: '/paid' },
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/),
    });
    expect(parseEventTimestamp(body.timestamp).ok).toBe(true);
    expect(message.header.get(EventHeader.MsgId)).toBe(
      messageIdFor(message.header.get(EventHeader.Signature)!),
    );
    expect(message.header.get(EventHeader.MsgId)).not.toBe(receipt.event_ids[0]);
    expect(message.header.get(EventHeader.App)).toBe('billing');
    expect(message.header.get(EventHeader.CorrelationId)).toBe('corr-1');
    const signature = message.header.get(EventHeader.Signature);
    expect(verifyMessageSignature(message.data, secret, signature)).toBe(true);
    expect(verifyMessageSignature(message.data, 'another-secret', signature)).toBe(false);
  });

  it('publishing the same event again is a stream duplicate, not a second message', async () => {
    const eventId = '0190b6a4-1c2d-7e3f-8a4b-5c6d7e8f9a0b';
    const first = await publisher.publish(
      'click',
      { element: '#pay' },
      { sessionId, eventId, timestamp: '2026-11-28 10:00:00.123456' },
    );
    const before = await messageCount();
    const again = await publisher.publish(
      'click',
      { element: '#pay' },
      { sessionId, eventId, timestamp: '2026-11-28 10:00:00.123456' },
    );

    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await messageCount()).toBe(before);
  });

  it('publishMany sends one message per category and per 100 events; the same events again are de-duplicated', async () => {
    const events = [
      ...Array.from({ length: 150 }, (_, i) => ({
        category: 'page_view' as const,
        data: { url: `https://billing.example/${i}` },
        sessionId,
        timestamp: '2026-11-28 10:00:00.123456',
      })),
      {
        category: 'form_submit' as const,
        data: { form: 'checkout', success: true },
        sessionId,
        timestamp: '2026-11-28 10:00:00.123456',
      },
    ];
    const receipts = await publisher.publishMany(events);

    expect(receipts.map((r) => r.event_ids.length)).toEqual([100, 50, 1]);
    const subjects = [];
    for (const receipt of receipts) {
      const message = await stored(receipt.seq);
      subjects.push(message.subject);
      expect(message.header.get(EventHeader.MsgId)).toBe(
        messageIdFor(message.header.get(EventHeader.Signature)!),
      );
      expect(verifyMessageSignature(message.data, secret, message.header.get(EventHeader.Signature))).toBe(
        true,
      );
      const body = JSON.parse(new TextDecoder().decode(message.data));
      const ids = (Array.isArray(body) ? body : [body]).map((e: { event_id: string }) => e.event_id);
      expect(ids).toEqual(receipt.event_ids);
    }
    expect(subjects).toEqual([
      topology.eventsSubject('page_view'),
      topology.eventsSubject('page_view'),
      topology.eventsSubject('form_submit'),
    ]);

    const before = await messageCount();
    const replayed = await publisher.publishMany(
      events.map((e, i) => ({ ...e, eventId: receipts.flatMap((r) => r.event_ids)[i] })),
    );
    expect(replayed.map((r) => r.duplicate)).toEqual([true, true, true]);
    expect(await messageCount()).toBe(before);
  });

  it('refuses an event over 32 KiB before publishing anything, as the gateway would', async () => {
    const before = await messageCount();
    const failure = await publisher
      .publish('party', { host: 'h', path: `/${'x'.repeat(33 * 1024)}` }, { sessionId })
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EventlinePublishError);
    expect(failure).toMatchObject({ code: 'event_too_large' });
    expect(await messageCount()).toBe(before);
  });
});
