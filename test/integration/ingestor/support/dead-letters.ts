import { jetstreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';
import { EventHeader, EventTopology } from '@eventline/contracts';

export interface ParkedLetter {
  seq: number;
  body: unknown;
  reason: string;
  detail: string;
  headers: Record<string, string>;
}

/** Every message on the category's DLQ subject, read by sequence (no consumer needed). */
export async function deadLetters(
  nc: NatsConnection,
  topology: EventTopology,
  category: string,
): Promise<ParkedLetter[]> {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(topology.dlqStream);
  const letters: ParkedLetter[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const stored = await jsm.streams.getMessage(topology.dlqStream, { seq }).catch(() => null);
    if (!stored || stored.subject !== topology.dlqSubject(category)) continue;
    const headers: Record<string, string> = {};
    for (const [key, values] of stored.header ?? []) headers[key] = values[0];
    letters.push({
      seq,
      body: stored.json(),
      reason: headers[EventHeader.DlqReason],
      detail: headers[EventHeader.DlqDetail],
      headers,
    });
  }
  return letters;
}
