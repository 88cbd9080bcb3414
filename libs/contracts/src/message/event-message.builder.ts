import type { PublishedEvent } from '../event/published-event.js';
import type { EventTopology } from '../topology/event-topology.js';
import { messageIdFor } from '../topology/message-id.js';
import { MESSAGE_LIMITS, type MessageLimits } from './message-limits.js';

/** One message to publish, with the positions (in the input) of the events it carries. */
export interface EventMessage {
  subject: string;
  /** Its `Nats-Msg-Id` (see {@link messageIdFor}). */
  msgId: string;
  body: Uint8Array;
  /** Indexes into the events given to {@link buildEventMessages} / {@link packEventMessages}. */
  eventIndexes: number[];
}

/**
 * One event serialised once, as it will be published: a size rule read from `json`
 * (`eventTooLarge`) measures exactly what goes on the wire.
 */
export interface SerializedEvent {
  event_id: string;
  category: string;
  json: string;
}

const encoder = new TextEncoder();

/** Serialises an event for {@link packEventMessages}. */
export function serializeEvent(event: PublishedEvent<object>): SerializedEvent {
  return { event_id: event.event_id, category: event.category, json: JSON.stringify(event) };
}

/**
 * Groups events by category (keeping their order) and packs each group into messages within the
 * limits. One event makes a message holding that object; several, a JSON array. The same events
 * in the same order always give the same messages and message ids, so a retried publish is
 * de-duplicated by the stream. Every publisher (the gateway, the client package's NATS publisher,
 * tests, the bench) packs with this function. Node only (`Buffer`), like every NATS publisher.
 */
export function buildEventMessages(
  events: readonly PublishedEvent<object>[],
  topology: EventTopology,
  limits: MessageLimits = MESSAGE_LIMITS,
): EventMessage[] {
  return packEventMessages(events.map(serializeEvent), topology, limits);
}

/**
 * {@link buildEventMessages} for events already serialised (the gateway serialises each once,
 * and checks its size on the same bytes).
 */
export function packEventMessages(
  events: readonly SerializedEvent[],
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
    let chunk: number[] = [];
    let chunkBytes = 2; // the array's brackets
    const flush = () => {
      if (chunk.length === 0) return;
      const json =
        chunk.length === 1 ? events[chunk[0]].json : `[${chunk.map((i) => events[i].json).join(',')}]`;
      messages.push({
        subject: topology.eventsSubject(category),
        msgId: messageIdFor(chunk.map((i) => events[i].event_id)),
        body: encoder.encode(json),
        eventIndexes: chunk,
      });
      chunk = [];
      chunkBytes = 2;
    };
    for (const index of indexes) {
      const bytes = Buffer.byteLength(events[index].json) + 1; // and its comma
      if (
        chunk.length >= limits.maxEventsPerMessage ||
        (chunk.length > 0 && chunkBytes + bytes > limits.maxMessageBytes)
      ) {
        flush();
      }
      chunk.push(index);
      chunkBytes += bytes;
    }
    flush();
  }
  return messages;
}
