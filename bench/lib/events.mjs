import { randomUUID } from 'node:crypto';
import { importDist } from './environment.mjs';

/** The stored `_id` of an event: (application, event id), the contract's one definition. */
export const { eventKey } = await importDist('libs/contracts/src/event/event-key.js');

export const BENCH_APP = 'BenchApp';
export const BENCH_CATEGORY = 'party';
const EVENT_BYTES = 300; // the targets' reference event size (docs/benchmarks.md)

/** `YYYY-MM-DD HH:MM:SS.ffffff` (UTC), the seed's format. */
export function formatTimestamp(epochMicros) {
  const iso = new Date(Math.floor(epochMicros / 1000)).toISOString();
  const micros = String(epochMicros % 1_000_000).padStart(6, '0');
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${micros}`;
}

/** A valid `party` event of about 300 bytes of JSON, without event_id (the gateway assigns one). */
export function sampleEvent({
  sessionId = randomUUID(),
  epochMicros = Date.now() * 1000 - 3_600_000_000,
  eventId,
  eventBytes = EVENT_BYTES,
} = {}) {
  const event = {
    session_id: sessionId,
    category: BENCH_CATEGORY,
    name: BENCH_APP,
    data: { host: 'www.party.com', path: '/' },
    timestamp: formatTimestamp(epochMicros),
  };
  if (eventId) event.event_id = eventId;
  const pad = eventBytes - JSON.stringify(event).length;
  if (pad > 0) event.data.path = `/${'p'.repeat(pad)}`;
  return event;
}

/**
 * The body autocannon sends for the n-events-per-request scenarios (a constant body: no id), of
 * events of about `eventBytes` bytes of JSON each.
 */
export function requestBody(eventsPerRequest, eventBytes = EVENT_BYTES) {
  const sessionId = randomUUID();
  if (eventsPerRequest === 1) return JSON.stringify(sampleEvent({ sessionId, eventBytes }));
  return JSON.stringify(
    Array.from({ length: eventsPerRequest }, () => sampleEvent({ sessionId, eventBytes })),
  );
}

/**
 * Documents exactly as the ingestor stores them (docs/architecture.md, "Storage"), for the raw insertMany
 * ceiling and for seeding the query scenario without waiting for the pipeline.
 */
export function storedDocument(event, seq, receivedAt = new Date()) {
  const tsUs = parseMicros(event.timestamp);
  return {
    _id: eventKey(event.name, event.event_id),
    event_id: event.event_id,
    session_id: event.session_id,
    category: event.category,
    name: event.name,
    data: event.data,
    ts: new Date(Math.floor(tsUs / 1000)),
    ts_us: tsUs,
    seq,
    received_at: receivedAt,
    source: 'http',
  };
}

function parseMicros(timestamp) {
  const [date, time] = timestamp.split(' ');
  const [hms, frac = '0'] = time.split('.');
  return Date.parse(`${date}T${hms}Z`) * 1000 + Number(frac.padEnd(6, '0'));
}
