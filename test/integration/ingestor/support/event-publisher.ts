import { randomUUID } from 'node:crypto';
import { jetstream, JetStreamClient } from '@nats-io/jetstream';
import { headers, NatsConnection } from '@nats-io/transport-node';
import { EventHeader, writeEventMessageHeaders, EventTopology, PublishedEvent } from '@eventline/contracts';

export type TestEvent = PublishedEvent;

/** A valid `party` event of application `name`, with microseconds in its timestamp. */
export function partyEvent(name: string, overrides: Partial<TestEvent> = {}): TestEvent {
  return {
    event_id: randomUUID(),
    session_id: randomUUID(),
    category: 'party',
    name,
    data: { host: 'www.party.com', path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
    ...overrides,
  };
}

/**
 * A publisher following the message contract's headers (`Nats-Msg-Id` included), as a backend service
 * would, but publishing each message exactly as a test shapes it (an array of one, a wrong
 * category, a forged signature), which the contract's packing would never produce.
 */
export class TestPublisher {
  private readonly js: JetStreamClient;

  constructor(
    nc: NatsConnection,
    private readonly topology: EventTopology,
    private readonly app: string,
    private readonly secret: string,
  ) {
    this.js = jetstream(nc);
  }

  /** Publishes one message (one event, or an array) and waits for its PubAck. */
  async publish(payload: TestEvent | TestEvent[], options: { signature?: string; category?: string } = {}) {
    const category = options.category ?? (Array.isArray(payload) ? payload[0] : payload).category;
    const body = Buffer.from(JSON.stringify(payload));
    const h = headers();
    writeEventMessageHeaders(h, body, { id: this.app, secret: this.secret });
    if (options.signature !== undefined) h.set(EventHeader.Signature, options.signature);
    return this.js.publish(this.topology.eventsSubject(category), body, {
      headers: h,
      timeout: 30_000,
    });
  }

  /** Publishes many messages pipelined (a window of unconfirmed publishes), each confirmed. */
  async publishAll(messages: (TestEvent | TestEvent[])[], window = 256): Promise<void> {
    for (let i = 0; i < messages.length; i += window) {
      await Promise.all(messages.slice(i, i + window).map((m) => this.publish(m)));
    }
  }
}
