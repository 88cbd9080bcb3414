import { ErrorCode } from '../errors/error-code.js';
import { InexactNumber } from '../json/exact-numbers.reviver.js';
import { dataShapeErrors, exceedsEventDepth, MAX_DATA_DEPTH } from './data-shape.check.js';

/** `data` whose key `a` holds objects nested so that `data` is `levels` deep. */
function nested(levels: number): Record<string, unknown> {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { a: value };
  return value as Record<string, unknown>;
}

describe('dataShapeErrors', () => {
  it(`allows ${MAX_DATA_DEPTH} levels and refuses one more, naming the path`, () => {
    expect(dataShapeErrors(nested(MAX_DATA_DEPTH))).toEqual([]);
    const [error] = dataShapeErrors(nested(MAX_DATA_DEPTH + 1));
    expect(error.code).toBe(ErrorCode.InvalidData);
    expect(error.field).toBe(`data${'.a'.repeat(MAX_DATA_DEPTH)}`);
  });

  it('looks at data a hundred thousand levels deep without overflowing the stack', () => {
    expect(dataShapeErrors(nested(100_000))).toHaveLength(1);
  });

  it('names a lone surrogate in a value or a key, also inside arrays', () => {
    expect(dataShapeErrors({ host: '\ud800', ok: 'fine 😀' })).toEqual([
      expect.objectContaining({ field: 'data.host', code: ErrorCode.InvalidEncoding }),
    ]);
    expect(dataShapeErrors({ list: ['a', { ['k\udc00']: 1 }] })).toEqual([
      expect.objectContaining({ field: 'data.list.1.k\udc00', code: ErrorCode.InvalidEncoding }),
    ]);
  });

  it('names a number that could not be held exactly', () => {
    expect(dataShapeErrors({ x: new InexactNumber('12345678901234567890') })).toEqual([
      {
        field: 'data.x',
        code: ErrorCode.InvalidData,
        message: expect.stringContaining('12345678901234567890'),
      },
    ]);
  });
});

describe('exceedsEventDepth', () => {
  it('is true only past the deepest valid event: the event object plus data', () => {
    expect(exceedsEventDepth({ data: nested(MAX_DATA_DEPTH) })).toBe(false);
    expect(exceedsEventDepth({ data: nested(MAX_DATA_DEPTH + 1) })).toBe(true);
    expect(exceedsEventDepth({ session_id: nested(100_000) })).toBe(true);
    expect(exceedsEventDepth('text')).toBe(false);
  });
});
