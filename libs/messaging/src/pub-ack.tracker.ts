import type { Msg, MsgHdrs, NatsConnection, Subscription } from '@nats-io/transport-node';

/** JetStream's answer to one stored publish. */
export interface PubAck {
  stream: string;
  seq: number;
  /** The stream already held a message with this `Nats-Msg-Id` within its duplicate window. */
  duplicate: boolean;
}

interface Pending {
  subject: string;
  resolve(ack: PubAck): void;
  reject(error: Error): void;
  /** `performance.now()` milliseconds: a steady clock, which setting the wall clock does not move. */
  deadline: number;
}

// What JetStream answers a publish with: a PubAck, or an API error.
interface PubAckReply {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  error?: { code?: number; err_code?: number; description?: string };
}

const NO_RESPONDERS = 503;
const decoder = new TextDecoder();

/**
 * JetStream publishes whose PubAcks arrive on one wildcard inbox subscription, matched by a
 * counter in the reply subject, with one timer for every publish in flight.
 *
 * Why by hand: `js.publish` makes each publish a nats.js request — a random token, a timer, a
 * promise chain, a `TextDecoder` — and builds a `RequestError("cancelled")`, stack and all, for
 * every *successful* PubAck (`RequestOne.cancel`). That was ~8% of the gateway's CPU at one event
 * per request (docs/benchmarks.md, "Fourth round"); nats.js has no cheaper way to publish and
 * await the PubAck. The answers are read as nats.js reads them: a 503 status is "no responders"
 * (no stream takes the subject), a JSON `error` is JetStream refusing the message.
 *
 * All publishes share one timeout, so the map's insertion order is their deadlines' order.
 */
export class PubAckTracker {
  private readonly pending = new Map<number, Pending>();
  private readonly subscription: Subscription;
  private readonly replyPrefix: string;
  private last = 0;
  private timer?: NodeJS.Timeout;
  private closed = false;

  /**
   * @param inbox a new inbox subject of the connection (under its inbox prefix, which the NATS
   * user may read), e.g. `NatsConnectionService.newInbox()`.
   */
  constructor(
    readonly connection: NatsConnection,
    inbox: string,
    private readonly timeoutMs: number,
  ) {
    this.replyPrefix = `${inbox}.`;
    this.subscription = connection.subscribe(`${inbox}.*`, {
      callback: (error, msg) => {
        if (!error) this.settle(msg);
      },
    });
    // A closed subscription (the connection closed, or the inbox refused by a permissions change)
    // answers nothing more: its publishes in flight fail now, not at their time-out, and the
    // publisher makes a new tracker ({@link isClosed}).
    void this.subscription.closed.then(() => {
      this.closed = true;
      this.failAll('the NATS connection closed');
    });
  }

  /** True once its subscription ended: it can only fail publishes. */
  isClosed(): boolean {
    return this.closed;
  }

  /** Publishes and resolves with the PubAck; rejects on a JetStream error, no stream, or time-out. */
  publish(subject: string, data: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    return new Promise<PubAck>((resolve, reject) => {
      const id = ++this.last;
      try {
        this.connection.publish(subject, data, { reply: this.replyPrefix + id, headers });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
      this.pending.set(id, { subject, resolve, reject, deadline: performance.now() + this.timeoutMs });
      this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
    });
  }

  /** Stops listening; publishes still in flight fail. */
  close(): void {
    this.closed = true;
    this.subscription.unsubscribe();
    this.failAll('the publisher closed');
  }

  private settle(msg: Msg): void {
    const id = Number(msg.subject.slice(this.replyPrefix.length));
    const waiting = this.pending.get(id);
    // Answered after its time-out (already failed), or not ours.
    if (!waiting) return;
    this.pending.delete(id);
    if (msg.headers?.code === NO_RESPONDERS) {
      waiting.reject(new Error(`no stream takes subject ${waiting.subject} (no responders)`));
      return;
    }
    let reply: PubAckReply;
    try {
      reply = JSON.parse(decoder.decode(msg.data)) as PubAckReply;
    } catch {
      waiting.reject(new Error('JetStream answered something other than a PubAck'));
      return;
    }
    if (reply.error) {
      waiting.reject(
        new Error(`JetStream refused the message: ${reply.error.description ?? 'unknown error'}`),
      );
    } else if (typeof reply.stream !== 'string' || typeof reply.seq !== 'number') {
      waiting.reject(new Error('JetStream answered an invalid PubAck'));
    } else {
      waiting.resolve({ stream: reply.stream, seq: reply.seq, duplicate: reply.duplicate === true });
    }
  }

  // Fails the publishes past their deadline, oldest first, and waits for the next one's.
  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (const [id, waiting] of this.pending) {
      if (waiting.deadline > now) {
        this.timer = setTimeout(() => this.expire(), waiting.deadline - now);
        return;
      }
      this.pending.delete(id);
      waiting.reject(new Error(`no PubAck within ${this.timeoutMs} ms`));
    }
  }

  private failAll(reason: string): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const publish of waiting) publish.reject(new Error(reason));
  }
}
