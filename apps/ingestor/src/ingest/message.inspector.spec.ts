import {
  ErrorCode,
  EventHeader,
  GATEWAY_PUBLISHER_ID,
  INGEST_LIMITS,
  MESSAGE_LIMITS,
  verifyMessageSignature,
} from '@eventline/contracts';
import { MessageInspector } from './message.inspector.js';
import { messageOf, partyEvent, SECRETS, topology } from './test-messages.fixture.js';

const inspector = new MessageInspector({ topology, publisherSecrets: SECRETS, maxFutureSkewMs: 86_400_000 });

describe('MessageInspector', () => {
  it('turns a signed event into a document with microseconds, sequence, broker time and source "nats"', () => {
    const event = partyEvent('shop', {
      timestamp: '2021-09-26 09:15:27.243861',
      event_id: 'A0000000-0000-4000-8000-00000000000A',
    });
    const inspection = inspector.inspect(messageOf(event, { seq: 42 }));
    expect(inspection).toEqual({
      kind: 'accepted',
      rejectedEvents: [],
      documents: [
        {
          _id: 'shop:a0000000-0000-4000-8000-00000000000a',
          event_id: 'A0000000-0000-4000-8000-00000000000A',
          session_id: event.session_id,
          category: 'party',
          name: 'shop',
          data: { host: 'www.party.com', path: '/' },
          ts: new Date('2021-09-26T09:15:27.243Z'),
          ts_us: 1632647727243861,
          seq: 42,
          received_at: new Date('2026-01-02T03:04:05.678Z'),
          source: 'nats',
        },
      ],
    });
  });

  it('marks events signed by the gateway as source "http" and accepts any application from it', () => {
    const inspection = inspector.inspect(
      messageOf([partyEvent('blog'), partyEvent('shop')], { app: GATEWAY_PUBLISHER_ID }),
    );
    expect(inspection.kind === 'accepted' && inspection.documents.map((d) => [d.name, d.source])).toEqual([
      ['blog', 'http'],
      ['shop', 'http'],
    ]);
  });

  it.each([
    ['a wrong signature', messageOf(partyEvent(), { signature: 'ab'.repeat(32) })],
    ['no signature', messageOf(partyEvent(), { signature: '' })],
    ['an unknown publisher', messageOf(partyEvent('stranger'), { app: 'stranger' })],
  ])('rejects the whole message with invalid_signature for %s', (_, message) => {
    const inspection = inspector.inspect(message);
    expect(inspection).toEqual({
      kind: 'rejected',
      letter: { body: message.body, reason: ErrorCode.InvalidSignature, detail: expect.any(String) },
    });
  });

  it('rejects a body that is not JSON, or an empty array, as invalid_body', () => {
    for (const body of ['{nope', '[]']) {
      const inspection = inspector.inspect(messageOf(body));
      expect(inspection.kind === 'rejected' && inspection.letter.reason).toBe(ErrorCode.InvalidBody);
    }
  });

  it('rejects events of another application from a backend publisher as untrusted_app', () => {
    const inspection = inspector.inspect(messageOf(partyEvent('blog')));
    expect(inspection.kind === 'rejected' && inspection.letter.reason).toBe(ErrorCode.UntrustedApp);
  });

  it('requires the event id a publisher must fill in, and the subject category', () => {
    const withoutId = partyEvent();
    delete withoutId.event_id;
    const noId = inspector.inspect(messageOf(withoutId));
    expect(noId.kind === 'rejected' && noId.letter.reason).toBe(ErrorCode.InvalidEventId);
    // null reads as "absent" to the HTTP rules, which would give the event a new id on every
    // delivery of the message: stored again on each redelivery.
    const nullId = inspector.inspect(messageOf({ ...partyEvent(), event_id: null }));
    expect(nullId.kind === 'rejected' && nullId.letter.reason).toBe(ErrorCode.InvalidEventId);
    const click = partyEvent('shop', { category: 'click', data: { element: '#buy' } });
    const elsewhere = inspector.inspect(messageOf(click));
    expect(elsewhere.kind === 'rejected' && elsewhere.letter.detail).toContain('does not match');
  });

  it('stores the valid events of an array and parks each invalid one alone, signed for its body', () => {
    const good = partyEvent();
    const bad = partyEvent('shop', { data: { host: 'x', path: 'no-slash' } });
    const inspection = inspector.inspect(messageOf([good, bad]));
    if (inspection.kind !== 'accepted') throw new Error('expected accepted');
    expect(inspection.documents.map((d) => d.event_id)).toEqual([good.event_id]);
    expect(inspection.rejectedEvents).toHaveLength(1);
    const [letter] = inspection.rejectedEvents;
    expect(JSON.parse(letter.body.toString())).toEqual(bad);
    expect(letter).toMatchObject({ reason: ErrorCode.InvalidData, part: 2 });
    expect(letter.detail).toContain('data.path');
    expect(
      verifyMessageSignature(letter.body, SECRETS.get('shop')!, letter.headers?.[EventHeader.Signature]),
    ).toBe(true);
  });

  it('parks a message of more events than a message may hold, from a publisher other than the gateway', () => {
    const events = Array.from({ length: MESSAGE_LIMITS.maxEventsPerMessage + 1 }, () => partyEvent());
    const inspection = inspector.inspect(messageOf(events));
    expect(inspection.kind === 'rejected' && inspection.letter.reason).toBe(ErrorCode.TooManyEvents);
    const fromGateway = inspector.inspect(
      messageOf(events.slice(0, MESSAGE_LIMITS.maxEventsPerMessage), { app: GATEWAY_PUBLISHER_ID }),
    );
    expect(fromGateway.kind).toBe('accepted');
  });

  it('parks a message of more bytes than a message may hold as body_too_large', () => {
    const padded = (n: number) => partyEvent('shop', { data: { host: 'h'.repeat(n), path: '/' } });
    const events = Array.from({ length: 9 }, () => padded(30_000));
    const inspection = inspector.inspect(messageOf(events));
    expect(inspection.kind === 'rejected' && inspection.letter.reason).toBe(ErrorCode.BodyTooLarge);
  });

  it('parks an event larger than an HTTP event may be on its own, and stores its neighbours', () => {
    const good = partyEvent();
    const huge = partyEvent('shop', { data: { host: 'h'.repeat(INGEST_LIMITS.maxEventBytes), path: '/' } });
    const inspection = inspector.inspect(messageOf([good, huge]));
    if (inspection.kind !== 'accepted') throw new Error('expected accepted');
    expect(inspection.documents).toHaveLength(1);
    expect(inspection.rejectedEvents.map((l) => [l.reason, l.part])).toEqual([[ErrorCode.EventTooLarge, 2]]);
  });

  it('rejects events more than the allowed skew in the future', () => {
    const strict = new MessageInspector({
      topology,
      publisherSecrets: SECRETS,
      maxFutureSkewMs: 0,
      now: () => 0,
    });
    const inspection = strict.inspect(messageOf(partyEvent()));
    expect(inspection.kind === 'rejected' && inspection.letter.reason).toBe(ErrorCode.InvalidTimestamp);
  });
});
