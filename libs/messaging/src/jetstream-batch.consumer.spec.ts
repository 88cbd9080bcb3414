import { jest } from '@jest/globals';
import { headers as natsHeaders, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';
import { EventHeader, EventTopology } from '@eventline/contracts';
import type { InboundMessage, MessageSettlement } from './message-settlement.js';

/** A delivered message: records what the loop did with it in the shared `log`. */
class FakeMessage {
  readonly data: Uint8Array;
  readonly headers: MsgHdrs = natsHeaders();
  readonly info: { deliveryCount: number; pending: number };
  readonly timestampNanos = 1_767_323_045_678_000_000n; // 2026-01-02T03:04:05.678Z

  constructor(
    private readonly log: string[],
    readonly seq: number,
    readonly subject = 'unit.events.party',
    deliveryCount = 1,
    /** What the broker says is still undelivered on the consumer after this message. */
    pending = 0,
  ) {
    this.data = Buffer.from(`{"seq":${seq}}`);
    this.info = { deliveryCount, pending };
    this.headers.set(EventHeader.App, 'shop');
  }

  ack(): void {
    this.log.push(`ack ${this.seq}`);
  }
  nak(delayMs?: number): void {
    this.log.push(`nak ${this.seq} ${delayMs}`);
  }
  term(): void {
    this.log.push(`term ${this.seq}`);
  }
}

/**
 * One pull: yields its messages as they arrive (all at once unless told otherwise), reporting how
 * many it holds and has not yielded as nats.js does, then stays open (as a pull waiting for more)
 * until it is stopped.
 */
class FakePull {
  private taken = 0;
  private stopped = false;
  private wake?: () => void;

  constructor(
    private readonly messages: FakeMessage[],
    private arrived = messages.length,
  ) {}

  getPending(): number {
    return this.arrived - this.taken;
  }

  /** The rest of the pull's messages come in (the socket's next reads). */
  arriveAll(): void {
    this.arrived = this.messages.length;
    this.wake?.();
  }

  stop(): void {
    this.stopped = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<FakeMessage> {
    while (!this.stopped) {
      if (this.taken < this.arrived) {
        yield this.messages[this.taken++];
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** The JetStream client the loop binds with: one durable consumer serving the given pulls. */
class FakeJetStream {
  readonly bound: string[] = [];
  readonly fetches: unknown[] = [];
  refusePublish = false;
  private readonly pulls: FakePull[] = [];

  constructor(private readonly log: string[]) {}

  serve(...batches: FakeMessage[][]): void {
    this.pulls.push(...batches.map((batch) => new FakePull(batch)));
  }

  /** A pull of which only the first `arrived` messages have come in yet. */
  serveArriving(messages: FakeMessage[], arrived: number): FakePull {
    const pull = new FakePull(messages, arrived);
    this.pulls.push(pull);
    return pull;
  }

  readonly consumers = {
    get: async (stream: string, name: string) => {
      this.bound.push(`${stream}/${name}`);
      return {
        fetch: async (options: unknown) => {
          this.fetches.push(options);
          return this.pulls.shift() ?? new FakePull([]);
        },
      };
    },
  };

  async publish(subject: string, _body: Uint8Array, options: { headers: MsgHdrs }): Promise<void> {
    if (this.refusePublish) throw new Error('no stream for this subject');
    this.log.push(`park ${options.headers.get(EventHeader.DlqOriginalSeq)} on ${subject}`);
  }
}

let js: FakeJetStream;
jest.unstable_mockModule('@nats-io/jetstream', () => ({ jetstream: () => js }));
const { JetStreamBatchConsumer } = await import('./jetstream-batch.consumer.js');

const topology = new EventTopology('unit');
const FAILURE_DELAY_MS = 1_500;
const letter = { body: Buffer.from('{}'), reason: 'invalid_data', detail: 'data.host' };
const quietLog = { warn: () => undefined, error: () => undefined };

/** Resolves once `condition` holds, letting the loop's promises run in between. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  for (let turn = 0; (turn < 1_000 || Date.now() < deadline) && !condition(); turn++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(condition()).toBe(true);
}

/** A handler whose answer the test gives when it chooses: the write still in progress until then. */
function pendingHandler() {
  const batches: InboundMessage[][] = [];
  let answer!: (settlements: readonly MessageSettlement[]) => void;
  let fail!: (error: Error) => void;
  const handler = (messages: readonly InboundMessage[]) => {
    batches.push([...messages]);
    return new Promise<readonly MessageSettlement[]>((resolve, reject) => {
      answer = resolve;
      fail = reject;
    });
  };
  return {
    handler,
    batches,
    answer: (settlements: readonly MessageSettlement[]) => answer(settlements),
    fail: (error: Error) => fail(error),
  };
}

function consumerWith(handler: ConstructorParameters<typeof JetStreamBatchConsumer>[3]) {
  // jetstream() is replaced above, so the connection is never used.
  const nc = {} as NatsConnection;
  return new JetStreamBatchConsumer(
    nc,
    topology,
    { category: 'party', batchSize: 10, fetchExpiresMs: 1_000, failureDelayMs: FAILURE_DELAY_MS },
    handler,
    quietLog,
  );
}

describe('JetStreamBatchConsumer', () => {
  let log: string[];
  let running: InstanceType<typeof JetStreamBatchConsumer> | undefined;

  beforeEach(() => {
    log = [];
    js = new FakeJetStream(log);
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  it('binds to the category’s durable consumer and pulls at most a batch at a time', async () => {
    running = consumerWith(async (messages) => messages.map(() => ({ kind: 'ack', deadLetters: [] })));
    await running.start();
    await until(() => js.fetches.length > 0);
    expect(js.bound).toEqual([`${topology.eventsStream}/${topology.consumerName('party')}`]);
    expect(js.fetches[0]).toEqual({ max_messages: 10, expires: 1_000 });
  });

  it('hands the handler each message with its body, headers, sequence, broker time and delivery count', async () => {
    const pending = pendingHandler();
    js.serve([new FakeMessage(log, 7, 'unit.events.party', 3)]);
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pending.batches.length === 1);
    const [message] = pending.batches[0];
    expect({
      subject: message.subject,
      body: Buffer.from(message.body).toString(),
      app: message.header(EventHeader.App),
      absent: message.header(EventHeader.Signature),
      streamSequence: message.streamSequence,
      storedAt: message.storedAt.toISOString(),
      deliveryCount: message.deliveryCount,
    }).toEqual({
      subject: 'unit.events.party',
      body: '{"seq":7}',
      app: 'shop',
      absent: undefined,
      streamSequence: 7,
      storedAt: '2026-01-02T03:04:05.678Z',
      deliveryCount: 3,
    });
    pending.answer([{ kind: 'ack', deadLetters: [] }]);
  });

  it('while the broker reports a backlog, waits for the rest of the pull instead of handling its first read alone', async () => {
    const pending = pendingHandler();
    const backlog = [1, 2, 3, 4, 5, 6].map(
      (seq) => new FakeMessage(log, seq, 'unit.events.party', 1, 6 - seq),
    );
    const pull = js.serveArriving(backlog, 2);
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pull.getPending() === 0 && js.fetches.length === 1);
    setTimeout(() => pull.arriveAll(), 2); // the socket's next read, a moment later
    await until(() => pending.batches.length === 1);
    expect(pending.batches[0].map((m) => m.streamSequence)).toEqual([1, 2, 3, 4, 5, 6]);
    pending.answer(backlog.map(() => ({ kind: 'ack', deadLetters: [] })));
  });

  it('handles what it holds after a few milliseconds when the backlog went to another pull', async () => {
    const pending = pendingHandler();
    const backlog = [1, 2, 3, 4].map((seq) => new FakeMessage(log, seq, 'unit.events.party', 1, 4 - seq));
    js.serveArriving(backlog, 2); // the other two are never delivered to this pull
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pending.batches.length === 1);
    expect(pending.batches[0].map((m) => m.streamSequence)).toEqual([1, 2]);
    pending.answer([1, 2].map(() => ({ kind: 'ack', deadLetters: [] })));
  });

  it('handles a quiet stream’s messages at once, without waiting for more', async () => {
    const pending = pendingHandler();
    const pull = js.serveArriving(
      [1, 2, 3].map((seq) => new FakeMessage(log, seq)),
      1,
    ); // no backlog reported
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pending.batches.length === 1);
    expect(pending.batches[0].map((m) => m.streamSequence)).toEqual([1]);
    pull.arriveAll();
    pending.answer([{ kind: 'ack', deadLetters: [] }]);
    await until(() => pending.batches.length === 2);
    expect(pending.batches[1].map((m) => m.streamSequence)).toEqual([2, 3]);
    pending.answer([2, 3].map(() => ({ kind: 'ack', deadLetters: [] })));
  });

  it('acknowledges nothing while the handler’s write is in progress, and each message once it is done', async () => {
    const pending = pendingHandler();
    js.serve([new FakeMessage(log, 1), new FakeMessage(log, 2)]);
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pending.batches.length === 1);
    expect(pending.batches[0].map((m) => m.streamSequence)).toEqual([1, 2]);
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);

    pending.answer([
      { kind: 'ack', deadLetters: [] },
      { kind: 'ack', deadLetters: [] },
    ]);
    await until(() => log.length === 2);
    expect(log).toEqual(['ack 1', 'ack 2']);
  });

  it('turns each settlement into its broker call, parking dead letters before the ack or term', async () => {
    js.serve([new FakeMessage(log, 1), new FakeMessage(log, 2), new FakeMessage(log, 3)]);
    running = consumerWith(async () => [
      { kind: 'ack', deadLetters: [letter] },
      { kind: 'term', deadLetters: [letter] },
      { kind: 'nak', delayMs: 250 },
    ]);
    await running.start();
    await until(() => log.length === 5);
    const dlq = topology.dlqSubject('party');
    expect(log.filter((line) => line.endsWith(' 1') || line.startsWith('park 1'))).toEqual([
      `park 1 on ${dlq}`,
      'ack 1',
    ]);
    expect(log.filter((line) => line.endsWith(' 2') || line.startsWith('park 2'))).toEqual([
      `park 2 on ${dlq}`,
      'term 2',
    ]);
    expect(log).toContain('nak 3 250');
  });

  it('redelivers a message whose dead letter the broker refused, instead of terminating it', async () => {
    js.refusePublish = true;
    js.serve([new FakeMessage(log, 1)]);
    running = consumerWith(async () => [{ kind: 'term', deadLetters: [letter] }]);
    await running.start();
    await until(() => log.length === 1);
    expect(log).toEqual([`nak 1 ${FAILURE_DELAY_MS}`]);
  });

  it('redelivers the whole batch after the failure delay when the handler throws', async () => {
    const pending = pendingHandler();
    js.serve([new FakeMessage(log, 1), new FakeMessage(log, 2)]);
    running = consumerWith(pending.handler);
    await running.start();
    await until(() => pending.batches.length === 1);
    pending.fail(new Error('database down'));
    await until(() => log.length === 2);
    expect(log).toEqual([`nak 1 ${FAILURE_DELAY_MS}`, `nak 2 ${FAILURE_DELAY_MS}`]);
  });

  it('redelivers the whole batch when the handler answers for fewer messages than it was given', async () => {
    js.serve([new FakeMessage(log, 1), new FakeMessage(log, 2)]);
    running = consumerWith(async () => [{ kind: 'ack', deadLetters: [] }]);
    await running.start();
    await until(() => log.length === 2);
    expect(log).toEqual([`nak 1 ${FAILURE_DELAY_MS}`, `nak 2 ${FAILURE_DELAY_MS}`]);
  });

  it('settles the batch in hand before stop() resolves, and pulls no more', async () => {
    const pending = pendingHandler();
    js.serve([new FakeMessage(log, 1)], [new FakeMessage(log, 2)]);
    const consumer = consumerWith(pending.handler);
    await consumer.start();
    await until(() => pending.batches.length === 1);
    let stopped = false;
    const stopping = consumer.stop().then(() => (stopped = true));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);

    pending.answer([{ kind: 'ack', deadLetters: [] }]);
    await stopping;
    expect(log).toEqual(['ack 1']);
    expect(js.fetches).toHaveLength(1);
  });
});
