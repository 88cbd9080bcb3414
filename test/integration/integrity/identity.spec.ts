import { createHash, randomUUID } from 'node:crypto';
import { jetstream, type PubAck } from '@nats-io/jetstream';
import { headers as natsHeaders, type Msg } from '@nats-io/transport-node';
import { EventlinePublisher } from '@eventline/client/nats';
import { ErrorCode, EventHeader, eventKey, signMessage } from '@eventline/contracts';
import { eventually } from '../../support/eventually.js';
import { deadLetters } from '../ingestor/support/dead-letters.js';
import { IntegrityStack, NATS_SECRETS, partyEvent } from './support/integrity-stack.js';

describe('integrity: an event is identified by (application, event_id)', () => {
  let stack: IntegrityStack;

  beforeAll(async () => {
    stack = await IntegrityStack.start('identity');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores the same event id of two applications twice, whatever its case, and tells neither about the other', async () => {
    const id = randomUUID();
    const session = randomUUID();
    const fromBeta = partyEvent('beta', { event_id: id.toUpperCase(), session_id: session });
    const fromAlpha = partyEvent('alpha', { event_id: id, session_id: session });

    const beta = await stack.post('beta', fromBeta);
    const alpha = await stack.post('alpha', fromAlpha);
    expect([beta.status, beta.results[0].status]).toEqual([202, 'accepted']);
    expect([alpha.status, alpha.results[0]]).toEqual([202, { index: 0, event_id: id, status: 'accepted' }]);

    const docs = await eventually(async () => {
      const found = await stack.store.find({ session_id: session }, { name: 1 });
      expect(found).toHaveLength(2);
      return found;
    });
    expect(docs.map((d) => [d._id, d.name, d.event_id])).toEqual([
      [eventKey('alpha', id), 'alpha', id],
      [eventKey('beta', id), 'beta', id.toUpperCase()],
    ]);
    // Each application reads its own event, its id exactly as it was sent, and nothing of the other's.
    expect((await stack.sessionEvents('alpha', session)).map((i) => [i.name, i.event_id])).toEqual([
      ['alpha', id],
    ]);
    expect((await stack.sessionEvents('beta', session)).map((i) => [i.name, i.event_id])).toEqual([
      ['beta', id.toUpperCase()],
    ]);
  });

  it("answers duplicate only for a repeat of the application's own event, and stores it once in any letter case", async () => {
    const event = partyEvent('alpha');
    const upper = { ...event, event_id: String(event.event_id).toUpperCase() };
    expect((await stack.post('alpha', event)).results[0].status).toBe('accepted');
    expect((await stack.post('alpha', event)).results[0].status).toBe('duplicate');
    const sameRequest = await stack.post('alpha', [
      partyEvent('alpha', { event_id: randomUUID() }),
      upper,
      upper,
    ]);
    expect(sameRequest.results.map((r) => r.status)).toEqual(['accepted', 'accepted', 'duplicate']);
    // The same id from another application in between is its own event, not a duplicate of alpha's.
    expect((await stack.post('beta', { ...event, name: 'beta' })).results[0].status).toBe('accepted');

    await eventually(async () => {
      expect(await stack.unsettled('party')).toBe(0);
      const docs = await stack.store.find({ session_id: event.session_id }, { name: 1 });
      expect(docs.map((d) => [d.name, d.event_id])).toEqual([
        ['alpha', event.event_id],
        ['beta', event.event_id],
      ]);
    });
  });
});

describe('integrity: only a trusted publisher can claim a de-duplication id', () => {
  let stack: IntegrityStack;

  beforeAll(async () => {
    stack = await IntegrityStack.start('msgids');
  });

  afterAll(async () => {
    await stack?.stop();
  });

  /** Publishes `body` on events.party as a process with plain NATS access would, unsigned. */
  async function unsigned(body: string, msgId: string, extra: Record<string, string> = {}) {
    const h = natsHeaders();
    h.set(EventHeader.MsgId, msgId);
    for (const [name, value] of Object.entries(extra)) h.set(name, value);
    return jetstream(stack.nc).publish(stack.topology.eventsSubject('party'), body, { headers: h });
  }

  it('an unsigned message under the event id, the ids digest or a forged signature reserves nothing', async () => {
    const single = partyEvent('alpha');
    const pair = [partyEvent('alpha'), partyEvent('alpha')];
    const backend = partyEvent('alpha');
    const guesses = [
      // What message ids used to be: the event id, a digest of a message's ids.
      String(single.event_id),
      createHash('sha256')
        .update(pair.map((e) => e.event_id).join(','))
        .digest('hex'),
      String(backend.event_id),
      // A signature-shaped id: the real body signed with a key that is not the gateway's.
      signMessage(Buffer.from(JSON.stringify(single)), 'a-guessed-secret-0123456789'),
    ];
    const garbage: PubAck[] = [];
    for (const guess of guesses) {
      garbage.push(await unsigned('{"garbage":true}', guess));
      // The real event's body, claiming to be alpha's, with a made-up signature.
      garbage.push(
        await unsigned(JSON.stringify(single), `${guess}-2`, {
          [EventHeader.App]: 'alpha',
          [EventHeader.Signature]: 'ab'.repeat(32),
        }),
      );
    }
    expect(garbage.every((ack) => !ack.duplicate)).toBe(true);

    const publisher = new EventlinePublisher({
      connection: stack.nc,
      app: 'alpha',
      secret: NATS_SECRETS.alpha,
      namespace: stack.namespace,
    });
    expect((await stack.post('alpha', single)).results.map((r) => r.status)).toEqual(['accepted']);
    expect((await stack.post('alpha', pair)).results.map((r) => r.status)).toEqual(['accepted', 'accepted']);
    const receipt = await publisher.publish('party', backend.data as { host: string; path: string }, {
      sessionId: String(backend.session_id),
      eventId: String(backend.event_id),
      timestamp: String(backend.timestamp),
    });
    expect(receipt.duplicate).toBe(false);

    const ids = [single, ...pair, backend].map((e) => String(e.event_id));
    await eventually(async () => {
      const docs = await stack.store.find({ event_id: { $in: ids } });
      expect(docs.map((d) => d._id).sort()).toEqual(ids.map((id) => eventKey('alpha', id)).sort());
    });
    const sequences = new Set(garbage.map((ack) => String(ack.seq)));
    await eventually(async () => {
      const letters = (await deadLetters(stack.nc, stack.topology, 'party')).filter((l) =>
        sequences.has(l.headers[EventHeader.DlqOriginalSeq]),
      );
      expect(letters.map((l) => l.reason)).toEqual(garbage.map(() => ErrorCode.InvalidSignature));
    });
  });

  it('a replayed signed message is dropped by the stream in its window, and stored once after it', async () => {
    const event = partyEvent('beta');
    // A process allowed to subscribe sees the gateway's message as it is published.
    const seen = new Promise<Msg>((resolve) => {
      const subscription = stack.nc.subscribe(stack.topology.eventsSubject('party'), {
        max: 1,
        callback: (_, msg) => resolve(msg),
      });
      void subscription;
    });
    await stack.nc.flush();
    expect((await stack.post('beta', event)).results[0].status).toBe('accepted');
    const original = await seen;

    const js = jetstream(stack.nc);
    const copy = natsHeaders();
    for (const [name, values] of original.headers ?? []) copy.set(name, values[0]);
    const replay = await js.publish(original.subject, original.data, { headers: copy });
    expect(replay.duplicate).toBe(true);
    // After the window (simulated by another message id) the stream takes it; storage keeps one.
    copy.set(EventHeader.MsgId, randomUUID());
    expect((await js.publish(original.subject, original.data, { headers: copy })).duplicate).toBe(false);

    await eventually(async () => {
      expect(await stack.unsettled('party')).toBe(0);
      const docs = await stack.store.find({ event_id: event.event_id });
      expect(docs.map((d) => d._id)).toEqual([eventKey('beta', String(event.event_id))]);
    });
  });
});
