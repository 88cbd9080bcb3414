import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  EventHeader,
  INGEST_LIMITS,
  MESSAGE_LIMITS,
  type PublishedEvent,
} from '@eventline/contracts';
import { eventually } from '../../support/eventually.js';
import { deadLetters } from '../ingestor/support/dead-letters.js';
import { TestPublisher } from '../ingestor/support/event-publisher.js';
import { IntegrityStack, NATS_SECRETS, partyEvent } from './support/integrity-stack.js';

// A backend publisher signing with its own secret is held to the limits of POST /v1/events.
describe('integrity: the NATS path enforces the HTTP limits', () => {
  let stack: IntegrityStack;
  let alpha: TestPublisher;

  beforeAll(async () => {
    stack = await IntegrityStack.start('natslimits');
    alpha = new TestPublisher(stack.nc, stack.topology, 'alpha', NATS_SECRETS.alpha);
  });

  afterAll(async () => {
    await stack?.stop();
  });

  const event = (overrides: Record<string, unknown> = {}) =>
    partyEvent('alpha', overrides) as unknown as PublishedEvent;
  const padded = (bytes: number) => event({ data: { host: 'h'.repeat(bytes), path: '/' } });

  async function lettersOf(seq: number) {
    return eventually(async () => {
      const letters = (await deadLetters(stack.nc, stack.topology, 'party')).filter(
        (l) => l.headers[EventHeader.DlqOriginalSeq] === String(seq),
      );
      expect(letters.length).toBeGreaterThan(0);
      return letters;
    });
  }

  it('parks an event over 32 KiB (98 KB) as event_too_large and stores its neighbour', async () => {
    const neighbour = event();
    const huge = padded(98_000);
    const ack = await alpha.publish([neighbour, huge]);
    const letters = await lettersOf(ack.seq);
    expect(letters.map((l) => [l.reason, (l.body as { event_id: string }).event_id])).toEqual([
      [ErrorCode.EventTooLarge, huge.event_id],
    ]);
    await eventually(async () => expect(await stack.store.count({ event_id: neighbour.event_id })).toBe(1));
    expect(await stack.store.count({ event_id: huge.event_id })).toBe(0);
    expect(INGEST_LIMITS.maxEventBytes).toBeLessThan(98_000);
  });

  it('parks a message of more events than a message may hold (150) as too_many_events, storing none', async () => {
    const session = randomUUID();
    const events = Array.from({ length: MESSAGE_LIMITS.maxEventsPerMessage + 50 }, () =>
      event({ session_id: session }),
    );
    const ack = await alpha.publish(events);
    const [letter] = await lettersOf(ack.seq);
    expect(letter.reason).toBe(ErrorCode.TooManyEvents);
    expect((letter.body as unknown[]).length).toBe(150);
    expect(await stack.store.count({ session_id: session })).toBe(0);
  });

  it('parks a message over 256 KiB of events each within 32 KiB as body_too_large, storing none', async () => {
    const session = randomUUID();
    const events = Array.from({ length: 9 }, () => ({ ...padded(30_000), session_id: session }));
    const ack = await alpha.publish(events);
    const [letter] = await lettersOf(ack.seq);
    expect(letter.reason).toBe(ErrorCode.BodyTooLarge);
    expect(await stack.store.count({ session_id: session })).toBe(0);
  });

  it('refuses to its publisher a message larger than stream EVENTS takes (3,000 events, ~600 KB)', async () => {
    const session = randomUUID();
    const events = Array.from({ length: 3_000 }, () => event({ session_id: session }));
    await expect(alpha.publish(events)).rejects.toThrow(/exceeds maximum/i);
    expect(await stack.store.count({ session_id: session })).toBe(0);
  });
});
