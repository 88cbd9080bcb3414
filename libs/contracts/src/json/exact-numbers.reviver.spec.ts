import { exactNumbersReviver, InexactNumber } from './exact-numbers.reviver.js';

const parse = (text: string) => JSON.parse(text, exactNumbersReviver(text)) as unknown;

describe('exactNumbersReviver', () => {
  it('is not needed for text whose numbers all have at most 15 digits and no exponent', () => {
    expect(exactNumbersReviver('{"x":123456789012345,"y":-1.5,"id":"e2085be5-9137"}')).toBeUndefined();
  });

  it('keeps numbers JavaScript would round, as their text', () => {
    expect(parse('{"x":12345678901234567890}')).toEqual({ x: new InexactNumber('12345678901234567890') });
    expect(parse('[1.0000000000000001, 1e400, -9007199254740993]')).toEqual([
      new InexactNumber('1.0000000000000001'),
      new InexactNumber('1e400'),
      new InexactNumber('-9007199254740993'),
    ]);
  });

  it('leaves numbers a double holds exactly as numbers, whatever their spelling', () => {
    expect(
      parse('[9007199254740991, 1e308, 1.50e1, 0.1000000000000000, 1E+2, -0.0, 123456789.123456]'),
    ).toEqual([9007199254740991, 1e308, 15, 0.1, 100, -0, 123456789.123456]);
  });

  it('serialises a kept number as the text it was sent as', () => {
    expect(JSON.stringify(parse('{"x":12345678901234567890}'))).toBe('{"x":12345678901234567890}');
  });
});
