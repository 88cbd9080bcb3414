import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, NatsConnection } from '@nats-io/transport-node';
import { EventHeader, EventTopology } from '@eventline/contracts';

export interface ReplayResult {
  /** Dead letters published back to `events.<category>` and removed from the DLQ. */
  replayed: number;
}

const DLQ_ONLY_HEADERS = new Set<string>([
  EventHeader.MsgId,
  EventHeader.DlqReason,
  EventHeader.DlqDetail,
  EventHeader.DlqOriginalSubject,
  EventHeader.DlqOriginalSeq,
]);

/**
 * Publishes a category's dead letters back to `events.<category>` — same body, so the same event
 * ids, and the publisher's own headers (its signature still matches: a dead letter's signature
 * always covers its body) — and deletes each from the DLQ once the events stream confirmed it.
 * Only letters present when the replay starts are taken, so one that fails again (and is parked
 * anew) is not replayed in a loop. A crash between publish and delete replays a letter twice,
 * which storage de-duplicates by event id.
 */
export async function replayDeadLetters(
  nc: NatsConnection,
  topology: EventTopology,
  category: string,
): Promise<ReplayResult> {
  const jsm = await jetstreamManager(nc);
  const js = jetstream(nc);
  const lastSeq = (await jsm.streams.info(topology.dlqStream)).state.last_seq;
  const reader = await js.consumers.get(topology.dlqStream, {
    // One subject as a string: a list needs NATS 2.10, and 2.9 is still about.
    filter_subjects: topology.dlqSubject(category),
    deliver_policy: DeliverPolicy.All,
  });
  let replayed = 0;
  for (;;) {
    const letter = await reader.next({ expires: 1_000 });
    if (!letter || letter.seq > lastSeq) break;
    const h = natsHeaders();
    for (const [key, values] of letter.headers ?? []) {
      if (DLQ_ONLY_HEADERS.has(key)) continue;
      for (const value of values) h.append(key, value);
    }
    // A message id of its own: the original's id may still be inside the duplicate window,
    // where the stream would silently drop the replay.
    await js.publish(topology.eventsSubject(category), letter.data, {
      msgID: `replay:${topology.dlqStream}:${letter.seq}`,
      headers: h,
    });
    await jsm.streams.deleteMessage(topology.dlqStream, letter.seq);
    replayed++;
    if (letter.info.pending === 0) break;
  }
  return { replayed };
}
