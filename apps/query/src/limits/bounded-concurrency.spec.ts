import { mapBounded } from './bounded-concurrency.js';

/** A call that resolves when the test says so, recording how many run at once. */
function gate() {
  let running = 0;
  let peak = 0;
  const pending: Array<() => void> = [];
  const call = async (value: number) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => pending.push(resolve));
    running--;
    if (value < 0) throw new Error(`failed ${value}`);
    return value * 10;
  };
  const releaseAll = async () => {
    while (pending.length > 0 || running > 0) {
      pending.splice(0).forEach((resolve) => resolve());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { call, releaseAll, peak: () => peak, running: () => running };
}

describe('mapBounded', () => {
  it('keeps at most the given number of calls in flight and returns results in order', async () => {
    const { call, releaseAll, peak } = gate();
    const result = mapBounded([1, 2, 3, 4, 5], 2, call);
    await releaseAll();
    await expect(result).resolves.toEqual([10, 20, 30, 40, 50]);
    expect(peak()).toBe(2);
  });

  it('starts nothing new after a failure, waits for the calls in flight, then throws the first error', async () => {
    const { call, releaseAll, running } = gate();
    const started: number[] = [];
    const result = mapBounded([1, -2, 3, 4, 5], 2, (n) => {
      started.push(n);
      return call(n);
    });
    let settled = false;
    result.catch(() => (settled = true));
    await releaseAll();
    await expect(result).rejects.toThrow('failed -2');
    expect(settled).toBe(true);
    expect(running()).toBe(0);
    expect(started.length).toBeLessThan(5);
  });

  it('answers an empty list at once', async () => {
    await expect(mapBounded([], 4, async () => 1)).resolves.toEqual([]);
  });
});
