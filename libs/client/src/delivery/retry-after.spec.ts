import { describe, expect, it } from '@jest/globals';
import { parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);

  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('rounds fractional seconds up rather than retrying early', () => {
    expect(parseRetryAfter('1.2', now)).toBe(1200);
    expect(parseRetryAfter('0.0005', now)).toBe(1);
  });

  it('reads an HTTP date as the time left until it', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
  });

  it('treats an HTTP date in the past as "now"', () => {
    expect(parseRetryAfter('Sat, 28 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('returns undefined for an absent, empty, negative or unreadable header', () => {
    for (const value of [null, undefined, '', '   ', '-1', 'soon', '1 s', 'Saturday']) {
      expect(parseRetryAfter(value, now)).toBeUndefined();
    }
  });
});
