import { retryWithStartBackoff, START_RETRY_MAX_DELAY_MS, startRetryDelayMs } from './start-retry.policy.js';

describe('startRetryDelayMs', () => {
  it('doubles after each failed attempt', () => {
    expect([1, 2, 3, 4].map(startRetryDelayMs)).toEqual([250, 500, 1000, 2000]);
  });

  it('never waits longer than the maximum', () => {
    expect(startRetryDelayMs(40)).toBe(START_RETRY_MAX_DELAY_MS);
  });
});

describe('retryWithStartBackoff', () => {
  it('tries again after each announced wait until an attempt succeeds', async () => {
    const outcomes = [false, true];
    const waits: number[] = [];
    const ready = await retryWithStartBackoff(
      async () => outcomes.shift()!,
      (delayMs) => waits.push(delayMs),
      new AbortController().signal,
    );
    expect(ready).toBe(true);
    expect(waits).toEqual([250, 500]);
    expect(outcomes).toEqual([]);
  });

  it('gives up without another attempt once the app stops', async () => {
    const stopping = new AbortController();
    let attempts = 0;
    const ready = retryWithStartBackoff(
      async () => (attempts++, false),
      () => stopping.abort(),
      stopping.signal,
    );
    expect(await ready).toBe(false);
    expect(attempts).toBe(0);
  });
});
