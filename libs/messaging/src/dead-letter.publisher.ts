import { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, MsgHdrs } from '@nats-io/transport-node';
import { EventHeader, EventTopology } from '@eventline/contracts';
import { DeadLetter } from './message-settlement.js';

// NATS header values are single lines; a long list of field errors is cut rather than refused.
const MAX_DETAIL_LENGTH = 4096;

/**
 * Publishes dead letters to `dlq.events.<category>` and waits for the broker's PubAck: only then
 * may the original be terminated. Each letter keeps the original headers (publisher, signature,
 * correlation id) and adds the reason and where it came from.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly topology: EventTopology,
  ) {}

  async publish(
    original: { subject: string; streamSequence: number; headers: MsgHdrs | undefined },
    letter: DeadLetter,
  ): Promise<void> {
    const h = natsHeaders();
    for (const [key, values] of original.headers ?? []) {
      if (key === EventHeader.MsgId) continue;
      for (const value of values) h.append(key, value);
    }
    for (const [key, value] of Object.entries(letter.headers ?? {})) h.set(key, value);
    h.set(EventHeader.DlqReason, letter.reason);
    h.set(EventHeader.DlqDetail, singleLine(letter.detail));
    h.set(EventHeader.DlqOriginalSubject, original.subject);
    h.set(EventHeader.DlqOriginalSeq, String(original.streamSequence));
    const category = this.topology.categoryOf(original.subject);
    // Keyed by origin, so a redelivery of the same original (crash before term) parks it only once.
    const msgID = `${this.topology.eventsStream}:${original.streamSequence}:${letter.part ?? 0}`;
    await this.js.publish(this.topology.dlqSubject(category), letter.body, { msgID, headers: h });
  }
}

function singleLine(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  return flat.length > MAX_DETAIL_LENGTH ? `${flat.slice(0, MAX_DETAIL_LENGTH - 1)}…` : flat;
}
