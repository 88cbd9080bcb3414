import { ErrorCode } from '../errors/error-code.js';
import { eventSizeError } from './event-size.check.js';

describe('eventSizeError', () => {
  it('refuses an event whose JSON is larger than the limit, with its size', () => {
    expect(eventSizeError({ data: { host: 'x'.repeat(100) } }, 50)).toEqual({
      field: '',
      code: ErrorCode.EventTooLarge,
      message: expect.stringMatching(/^the event is 1\d\d bytes; at most 50/),
    });
    expect(eventSizeError({ data: { host: 'x' } }, 50)).toBeUndefined();
  });

  it('does not measure an event nested deeper than any valid one (validateEvent refuses it)', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(eventSizeError({ data: deep }, 50)).toBeUndefined();
  });
});
