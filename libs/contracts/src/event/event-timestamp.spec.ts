import { formatEventTimestamp, parseEventTimestamp } from './event-timestamp.js';

describe('parseEventTimestamp', () => {
  it('keeps microseconds of the seed format and prints them back unchanged', () => {
    const parsed = parseEventTimestamp('2021-09-26 09:15:27.243860');
    expect(parsed).toEqual({ ok: true, epochMicros: Date.UTC(2021, 8, 26, 9, 15, 27) * 1000 + 243860 });
    if (parsed.ok) expect(formatEventTimestamp(parsed.epochMicros)).toBe('2021-09-26 09:15:27.243860');
  });
});
