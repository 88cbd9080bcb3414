import type { PublishedEvent } from '../event/published-event.js';
import type { EventTopology } from '../topology/event-topology.js';
import { MESSAGE_LIMITS, type MessageLimits } from './message-limits.js';

/** One message to publish, with the positions (in the input) of the events it carries. */
export interface EventMessage {
  subject: string;
  body: Uint8Array;
  /** Indexes into the events given to {@link buildEventMessages}. */
  eventIndexes: number[];
}

const encoder = new TextEncoder();

/**
 * Groups events by category (keeping their order) and packs each group into messages within the
 * limits. One event makes a message holding that object; several, a JSON array. The same events
 * in the same order always give the same bytes, so a retried publish, signed by
 * `writeEventMessageHeaders`, carries the same `Nats-Msg-Id` and is de-duplicated by the stream. Every publisher (the gateway, the client package's NATS publisher,
 * tests, the bench) packs with this function. Node only (`Buffer`), like every NATS publisher.
 */
export function buildEventMessages(
  events: readonly PublishedEvent<object>[],
  topology: EventTopology,
  limits: MessageLimits = MESSAGE_LIMITS,
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
