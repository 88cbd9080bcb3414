import { describe, expect, it } from '@jest/globals';
import { parseEventTimestamp } from '@eventline/contracts';
import { eventTimestamp, nowEpochMicros } from './event-clock.js';

describe('event timestamps', () => {
  it('are now, in the seed format with six fractional digits, never off the wall clock by a millisecond', () => {
    const before = Date.now();
    const micros = nowEpochMicros();
    const after = Date.now();
    expect(micros).toBeGreaterThanOrEqual(before * 1000);
    expect(micros).toBeLessThan((after + 1) * 1000);

    const text = eventTimestamp(undefined);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    const parsed = parseEventTimestamp(text);
    expect(parsed.ok && Math.abs(parsed.epochMicros - Date.now() * 1000)).toBeLessThan(1_000_000);
  });

  it('print a Date exactly, microseconds zero', () => {
    expect(eventTimestamp(new Date(Date.UTC(2021, 8, 26, 9, 15, 27, 243)))).toBe(
      '2021-09-26 09:15:27.243000',
    );
  });

  it('pass a caller-written string through for the server to judge', () => {
    expect(eventTimestamp('2021-09-26T09:15:27.243860+02:00')).toBe('2021-09-26T09:15:27.243860+02:00');
  });
});
