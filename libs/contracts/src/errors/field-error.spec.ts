import { ErrorCode } from './error-code.js';
import { summarizeFieldErrors } from './field-error.js';

describe('summarizeFieldErrors', () => {
  it("takes the first error's code and field and joins every message", () => {
    expect(
      summarizeFieldErrors([
        { field: 'limit', code: ErrorCode.InvalidLimit, message: 'limit must be 1..1000' },
        { field: 'from', code: ErrorCode.InvalidRange, message: 'from must precede to' },
      ]),
    ).toEqual({
      code: ErrorCode.InvalidLimit,
      message: 'limit must be 1..1000; from must precede to',
      field: 'limit',
    });
  });

  it('falls back to invalid_parameter, without a field, for an empty list', () => {
    expect(summarizeFieldErrors([])).toEqual({
      code: ErrorCode.InvalidParameter,
      message: '',
      field: undefined,
    });
  });
});
