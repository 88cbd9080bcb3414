import { EventTopology, messageIdFor } from '@eventline/contracts';

/**
 * One event as it travels on `events.<category>`: the posted shape with `event_id` filled in and
 * `timestamp` exactly as the producer sent it (the message contract with the ingestor).
 */
export interface PublishedEvent {
  event_id: string;
  session_id: string;
  category: string;
  name: string;
  data: Record<string, unknown>;
  timestamp: string;
}

/** How large one message may grow. */
export interface MessageLimits {
  maxEventsPerMessage: number;
  maxMessageBytes: number;
}

/**
 * 100 events / 256 KiB keep a message far below NATS' default max_payload (1 MiB) while one
 * message of 100 events was measured ~10x faster to publish than 100 messages of one.
 */
export const DEFAULT_MESSAGE_LIMITS: MessageLimits = {
  maxEventsPerMessage: 100,
  maxMessageBytes: 256 * 1024,
};

/** One message to publish, with the positions (in the input) of the events it carries. */
export interface EventMessage {
  subject: string;
  msgId: string;
  body: Uint8Array;
  /** Indexes into the events given to {@link buildEventMessages}. */
  eventIndexes: number[];
}

const encoder = new TextEncoder();

/**
 * Groups events by category (keeping their order) and packs each group into messages within the
 * limits. One event makes a message holding that object; several, a JSON array. The same events
 * in the same order always give the same messages and message ids, so a retried request is
 * de-duplicated by the stream.
 */
export function buildEventMessages(
  events: readonly PublishedEvent[],
  topology: EventTopology,
  limits: MessageLimits = DEFAULT_MESSAGE_LIMITS,
): EventMessage[] {
  const byCategory = new Map<string, number[]>();
  events.forEach((event, index) => {
    const indexes = byCategory.get(event.category) ?? [];
    indexes.push(index);
    byCategory.set(event.category, indexes);
  });

  const messages: EventMessage[] = [];
  for (const [category, indexes] of byCategory) {
    let chunk: { index: number; json: string }[] = [];
    let chunkBytes = 2; // the array's brackets
    const flush = () => {
      if (chunk.length === 0) return;
      const json = chunk.length === 1 ? chunk[0].json : `[${chunk.map((c) => c.json).join(',')}]`;
      messages.push({
        subject: topology.eventsSubject(category),
        msgId: messageIdFor(chunk.map((c) => events[c.index].event_id)),
        body: encoder.encode(json),
        eventIndexes: chunk.map((c) => c.index),
      });
      chunk = [];
      chunkBytes = 2;
    };
    for (const index of indexes) {
      const json = JSON.stringify(events[index]);
      const bytes = Buffer.byteLength(json) + 1; // and its comma
      if (
        chunk.length >= limits.maxEventsPerMessage ||
        (chunk.length > 0 && chunkBytes + bytes > limits.maxMessageBytes)
      ) {
        flush();
      }
      chunk.push({ index, json });
      chunkBytes += bytes;
    }
    flush();
  }
  return messages;
}
