import type { PublishedEvent } from '../event/published-event.js';
import type { EventTopology } from '../topology/event-topology.js';
import { MESSAGE_LIMITS, type MessageLimits } from './message-limits.js';

/** One message to publish, with the positions (in the input) of the events it carries. */
export interface EventMessage {
  subject: string;
  body: Uint8Array;
  /** Indexes into the events given to {@link buildEventMessages} / {@link packEventMessages}. */
  eventIndexes: number[];
}

/**
 * One event serialised once, as it will be published: a size rule read from `bytes`
 * (`eventBytesTooLarge`) measures exactly what goes on the wire, and the same bytes are packed.
 */
export interface SerializedEvent {
  event_id: string;
  category: string;
  /** The event's JSON as UTF-8. */
  bytes: Uint8Array;
}

/** Serialises an event for {@link packEventMessages}. */
export function serializeEvent(event: PublishedEvent<object>): SerializedEvent {
  // Buffer.from: a small string is copied into Node's pooled slab (~0.3 µs for a 500-byte event,
  // against ~2 µs for TextEncoder's own allocation), and the packing reads each length from it.
  return { event_id: event.event_id, category: event.category, bytes: Buffer.from(JSON.stringify(event)) };
}

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
      messages.push({
        subject: topology.eventsSubject(category),
        body: chunk.length === 1 ? events[chunk[0]].bytes : jsonArrayOf(events, chunk, chunkBytes - 1), // one comma fewer than events
        eventIndexes: chunk,
      });
      chunk = [];
      chunkBytes = 2;
    };
    for (const index of indexes) {
      const bytes = events[index].bytes.length + 1; // and its comma
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

const OPEN = 0x5b; // [
const COMMA = 0x2c;
const CLOSE = 0x5d; // ]

/**
 * `[json,json,…]` of the chunk's events as UTF-8, `bytes` long (brackets and commas included),
 * copied from each event's bytes into one buffer: no joined string to build and encode again
 * (a string past ~128 KiB even goes to V8's large-object space, where a 200 KB message cost ~2 ms
 * to join and encode: docs/benchmarks.md, "The ingest hot path").
 */
function jsonArrayOf(events: readonly SerializedEvent[], chunk: number[], bytes: number): Uint8Array {
  const body = Buffer.allocUnsafe(bytes);
  let offset = 0;
  body[offset++] = OPEN;
  for (let n = 0; n < chunk.length; n++) {
    if (n > 0) body[offset++] = COMMA;
    const event = events[chunk[n]].bytes;
    body.set(event, offset);
    offset += event.length;
  }
  body[offset] = CLOSE;
  return body;
}
