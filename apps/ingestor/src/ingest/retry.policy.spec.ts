import { retryDelayMs } from './retry.policy.js';

describe('retryDelayMs', () => {
  it('doubles per delivery from the base and stops at the maximum', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => retryDelayMs(n, 1_000, 10_000))).toEqual([
      1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000,
    ]);
  });
});
