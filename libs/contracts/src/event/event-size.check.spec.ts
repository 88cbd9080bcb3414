import { ErrorCode } from '../errors/error-code.js';
import { parsedEventTooLarge } from './event-size.check.js';

describe('parsedEventTooLarge', () => {
  it('refuses an event whose JSON is larger than the limit, with its size', () => {
    expect(parsedEventTooLarge({ data: { host: 'x'.repeat(100) } }, 50)).toEqual({
      field: '',
      code: ErrorCode.EventTooLarge,
      message: expect.stringMatching(/^the event is 1\d\d bytes/),
    });
    expect(parsedEventTooLarge({ data: { host: 'x' } }, 50)).toBeUndefined();
  });

  it('does not measure an event nested deeper than any valid one (validateEvent refuses it)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(parsedEventTooLarge({ data: deep }, 50)).toBeUndefined();
  });
});
