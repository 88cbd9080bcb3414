import { jetstreamManager } from '@nats-io/jetstream';
import { createInbox, headers } from '@nats-io/transport-node';
import { connectNats, PubAckTracker, type NatsConnection } from '@eventline/messaging';
import { testServers, uniqueNamespace } from '../../support/test-environment.js';

/** The gateway's PubAck matching against a real JetStream: every answer a publish can get. */
describe('PubAckTracker', () => {
  const name = uniqueNamespace('puback').toUpperCase();
  const subject = `${name.toLowerCase()}.in`;
  let nc: NatsConnection;

  beforeAll(async () => {
    nc = await connectNats({ url: testServers().natsUrl, name: 'pub-ack-tracker-test' });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name, subjects: [subject], duplicate_window: 60_000_000_000 });
  });

  afterAll(async () => {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(name).catch(() => false);
    await nc?.drain();
  });

  const withId = (id: string) => {
    const h = headers();
    h.set('Nats-Msg-Id', id);
    return h;
  };

  it('resolves each of many concurrent publishes with its own sequence, and a repeated id as a duplicate', async () => {
    const tracker = new PubAckTracker(nc, createInbox(), 5_000);
    const first = await tracker.publish(subject, Buffer.from('{"n":0}'), withId('m-0'));
    const acks = await Promise.all(
      Array.from({ length: 500 }, (_, n) =>
        tracker.publish(subject, Buffer.from(`{"n":${n + 1}}`), withId(`m-${n + 1}`)),
      ),
    );
    expect(acks.map((ack) => ack.seq)).toEqual(acks.map((_, n) => first.seq + n + 1));
    expect(acks.every((ack) => ack.stream === name && !ack.duplicate)).toBe(true);

    const again = await tracker.publish(subject, Buffer.from('{"n":0}'), withId('m-0'));
    expect(again).toEqual({ stream: name, seq: first.seq, duplicate: true });
    const info = await (await jetstreamManager(nc)).streams.info(name);
    expect(info.state.messages).toBe(501);
    tracker.close();
  });

  it('fails at once when no stream takes the subject, and on a JetStream refusal', async () => {
    const tracker = new PubAckTracker(nc, createInbox(), 5_000);
    const started = Date.now();
    await expect(tracker.publish(`${subject}.nowhere`, Buffer.from('{}'), headers())).rejects.toThrow(
      `no stream takes subject ${subject}.nowhere (no responders)`,
    );
    const refused = withId('refused-1');
    refused.set('Nats-Expected-Stream', 'SOME_OTHER_STREAM');
    await expect(tracker.publish(subject, Buffer.from('{}'), refused)).rejects.toThrow(
      /JetStream refused the message: expected stream does not match/,
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    tracker.close();
  });

  it('fails a publish nobody acknowledges after its time-out, and ignores the late answer', async () => {
    const silent = `${name.toLowerCase()}.silent`;
    // A plain subscriber takes the message and answers late, as a stalled stream leader would.
    const late: Array<() => void> = [];
    const sub = nc.subscribe(silent, {
      callback: (_error, msg) => {
        late.push(() => msg.respond('{"stream":"LATE","seq":1}'));
      },
    });
    await nc.flush();
    const tracker = new PubAckTracker(nc, createInbox(), 300);
    const started = Date.now();
    const outcomes = await Promise.allSettled([
      tracker.publish(silent, Buffer.from('{}'), headers()),
      tracker.publish(silent, Buffer.from('{}'), headers()),
    ]);
    const waited = Date.now() - started;
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/no PubAck within 300 ms/);
    expect(waited).toBeGreaterThanOrEqual(290);
    for (const answer of late) answer();
    await nc.flush();
    // A publish after the late answers is matched to its own answer, not to one of theirs.
    const next = tracker.publish(silent, Buffer.from('{}'), headers());
    await new Promise((resolve) => setTimeout(resolve, 50));
    late.at(-1)!();
    await expect(next).resolves.toEqual({ stream: 'LATE', seq: 1, duplicate: false });
    sub.unsubscribe();
    tracker.close();
  });

  it('fails the publishes in flight when the connection closes, without waiting for their time-out', async () => {
    const own = await connectNats({ url: testServers().natsUrl, name: 'pub-ack-tracker-close' });
    const silent = `${name.toLowerCase()}.closing`;
    const sub = nc.subscribe(silent, { callback: () => {} });
    await nc.flush();
    const tracker = new PubAckTracker(own, createInbox(), 60_000);
    const pending = tracker.publish(silent, Buffer.from('{}'), headers());
    await own.flush();
    const started = Date.now();
    await own.close();
    await expect(pending).rejects.toThrow(/connection closed/);
    expect(tracker.isClosed()).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(tracker.publish(silent, Buffer.from('{}'), headers())).rejects.toThrow();
    sub.unsubscribe();
  });
});
