import type { PublishedEvent } from '../event/published-event.js';
import { EventTopology } from '../topology/event-topology.js';
import { buildEventMessages } from './event-message.builder.js';

const topology = new EventTopology('unit');
const decode = (body: Uint8Array) => JSON.parse(new TextDecoder().decode(body)) as unknown;

function event(n: number, category = 'party', padding = ''): PublishedEvent {
  return {
    event_id: `0190f3a1-2b3c-7d4e-8f60-${String(n).padStart(12, '0')}`,
    session_id: 'e2085be5-9137-4e4e-80b5-f1ffddc25423',
    category,
    name: 'AppName',
    data: { host: `www.party.com${padding}`, path: '/' },
    timestamp: '2021-09-26 09:15:27.243860',
  };
}

describe('buildEventMessages', () => {
  it('writes a small and a large message as the same bytes as JSON.stringify of the array, multi-byte text included', () => {
    for (const padding of ['', 'é😀'.repeat(600)]) {
      // 100 events of ~0.3 KB (joined at once) or of ~3 KB (written event by event, past 64 KiB).
      const events = Array.from({ length: 100 }, (_, i) => event(i, 'party', padding));
      const [message, ...rest] = buildEventMessages(events, topology, {
        maxEventsPerMessage: 100,
        maxMessageBytes: 1 << 20,
      });
      expect(rest).toEqual([]);
      expect(Buffer.from(message.body).equals(Buffer.from(JSON.stringify(events)))).toBe(true);
    }
  });

  it('publishes a lone event as the object itself', () => {
    const [message] = buildEventMessages([event(1)], topology);
    expect(message.subject).toBe('unit.events.party');
    expect(decode(message.body)).toEqual(event(1));
  });

  it('groups events by category into arrays, keeping their order and input positions', () => {
    const events = [event(1), event(2, 'click'), event(3), event(4, 'click')];
    const messages = buildEventMessages(events, topology);
    expect(messages.map((m) => [m.subject, m.eventIndexes])).toEqual([
      ['unit.events.party', [0, 2]],
      ['unit.events.click', [1, 3]],
    ]);
    expect(decode(messages[0].body)).toEqual([event(1), event(3)]);
  });

  it('splits a category into messages of at most the event limit', () => {
    const events = Array.from({ length: 7 }, (_, i) => event(i));
    const messages = buildEventMessages(events, topology, {
      maxEventsPerMessage: 3,
      maxMessageBytes: 1 << 20,
    });
    expect(messages.map((m) => m.eventIndexes)).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('splits a category into messages of at most the byte limit, each a valid JSON array', () => {
    const events = Array.from({ length: 10 }, (_, i) => event(i, 'party', 'x'.repeat(1000)));
    const limit = 3500;
    const messages = buildEventMessages(events, topology, {
      maxEventsPerMessage: 100,
      maxMessageBytes: limit,
    });
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.body.byteLength).toBeLessThanOrEqual(limit);
    }
    expect(messages.flatMap((m) => m.eventIndexes)).toEqual(events.map((_, i) => i));
    expect(messages.flatMap((m) => [decode(m.body)].flat())).toEqual(events);
  });

  it('gives the same bytes for the same events, so a retry is signed (and de-duplicated) alike', () => {
    const events = [event(1), event(2), event(3, 'click')];
    expect(buildEventMessages(events, topology).map((m) => m.body)).toEqual(
      buildEventMessages(events, topology).map((m) => m.body),
    );
  });
});
