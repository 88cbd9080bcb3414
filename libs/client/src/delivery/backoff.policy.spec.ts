import { describe, expect, it } from '@jest/globals';
import { backoffDelayMs, retryDelayMs, type RetryPolicy } from './backoff.policy.js';

const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles with each retry, half fixed and half jitter', () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, policy, 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((retry) => backoffDelayMs(retry, policy, 0.999999))).toEqual([
      500, 1000, 2000, 4000,
    ]);
  });

  it('spreads clients out: different random draws give different delays', () => {
    expect(backoffDelayMs(3, policy, 0.1)).not.toBe(backoffDelayMs(3, policy, 0.9));
  });

  it('never exceeds maxDelayMs, however many retries', () => {
    for (const retry of [7, 8, 20, 200]) {
      expect(backoffDelayMs(retry, policy, 0.999999)).toBeLessThanOrEqual(30_000);
      expect(backoffDelayMs(retry, policy, 0)).toBe(15_000);
    }
  });
});

describe('retryDelayMs', () => {
  it('waits at least what Retry-After asked for, with a little jitter on top', () => {
    expect(retryDelayMs(1, policy, 1000, 0)).toBe(1000);
    expect(retryDelayMs(1, policy, 1000, 0.999999)).toBe(1100);
  });

  it('honours a Retry-After longer than the back-off cap', () => {
    expect(retryDelayMs(1, policy, 120_000, 0)).toBeGreaterThanOrEqual(120_000);
  });

  it('retries a "Retry-After: 0" at once rather than backing off', () => {
    expect(retryDelayMs(5, policy, 0, 0.5)).toBe(0);
  });

  it('falls back to the exponential back-off without Retry-After', () => {
    expect(retryDelayMs(3, policy, undefined, 0)).toBe(backoffDelayMs(3, policy, 0));
  });
});
