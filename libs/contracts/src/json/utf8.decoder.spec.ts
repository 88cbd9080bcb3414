import { decodeUtf8 } from './utf8.decoder.js';

describe('decodeUtf8', () => {
  it('decodes valid UTF-8, emoji included', () => {
    expect(decodeUtf8(Buffer.from('{"host":"été 😀"}'))).toBe('{"host":"été 😀"}');
  });

  it('refuses invalid bytes instead of replacing them with U+FFFD', () => {
    for (const bytes of [[0xff], [0xc3], [0xed, 0xa0, 0x80] /* an encoded surrogate */, [0xc0, 0xaf]]) {
      expect(decodeUtf8(Buffer.from([0x22, ...bytes, 0x22]))).toBeUndefined();
    }
  });
});
