import { START_RETRY_MAX_DELAY_MS, startRetryDelayMs } from './start-retry.policy.js';

describe('startRetryDelayMs', () => {
  it('doubles after each failed attempt', () => {
    expect([1, 2, 3, 4].map(startRetryDelayMs)).toEqual([250, 500, 1000, 2000]);
  });

  it('never waits longer than the maximum', () => {
    expect(startRetryDelayMs(40)).toBe(START_RETRY_MAX_DELAY_MS);
  });
});
