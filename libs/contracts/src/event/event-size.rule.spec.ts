import { ErrorCode } from '../errors/error-code.js';
import { eventJsonBytes, eventTooLarge } from './event-size.rule.js';
import { INGEST_LIMITS } from './ingest-limits.js';

describe('eventTooLarge', () => {
  it('counts UTF-8 bytes, not characters', () => {
    expect(eventJsonBytes('"é€😀"')).toBe(1 + 2 + 3 + 4 + 1);
    expect(eventTooLarge('"é€😀"', 10)).toMatchObject({ code: ErrorCode.EventTooLarge });
    expect(eventTooLarge('"é€😀"', 11)).toBeUndefined();
  });

  it('accepts exactly the limit and refuses one byte more, naming both sizes', () => {
    const json = (bytes: number) => `"${'x'.repeat(bytes - 2)}"`;
    expect(eventTooLarge(json(INGEST_LIMITS.maxEventBytes))).toBeUndefined();
    expect(eventTooLarge(json(INGEST_LIMITS.maxEventBytes + 1))).toEqual({
      field: '',
      code: ErrorCode.EventTooLarge,
      message: `the event is ${INGEST_LIMITS.maxEventBytes + 1} bytes of JSON; at most ${INGEST_LIMITS.maxEventBytes} are accepted`,
    });
  });

  it('refuses multi-byte text whose characters alone would fit', () => {
    const json = `"${'é'.repeat(600)}"`; // 602 characters, 1202 bytes
    expect(eventTooLarge(json, 1024)).toMatchObject({ message: expect.stringContaining('1202 bytes') });
  });
});
