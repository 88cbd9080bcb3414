import { ByteBudget } from './byte-budget.js';

/** Whether `promise` has settled after the pending callbacks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('ByteBudget', () => {
  it('takes bytes at once while they are free, and waits once they are not', async () => {
    const budget = new ByteBudget(100);
    expect(await budget.take(60, 1000)).toBe(true);
    expect(await budget.take(40, 1000)).toBe(true);
    expect(budget.taken).toBe(100);
    const waiting = budget.take(1, 1000);
    expect(await settled(waiting)).toBe(false);
    budget.giveBack(40);
    expect(await waiting).toBe(true);
    expect(budget.taken).toBe(61);
  });

  it('serves waiters in arrival order, as many as the bytes given back make room for', async () => {
    const budget = new ByteBudget(100);
    await budget.take(100, 1000);
    const order: string[] = [];
    const a = budget.take(70, 1000).then(() => order.push('a'));
    const b = budget.take(20, 1000).then(() => order.push('b'));
    const c = budget.take(20, 1000).then(() => order.push('c'));
    budget.giveBack(50);
    // 20 would fit, but `a` (70) is first.
    expect(await settled(b)).toBe(false);
    budget.giveBack(50);
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(await settled(c)).toBe(false);
    budget.giveBack(70);
    await c;
    expect(order).toEqual(['a', 'b', 'c']);
    expect(budget.taken).toBe(40);
  });

  it('gives up after the wait, taking nothing, and lets the smaller waiters behind it in', async () => {
    const budget = new ByteBudget(100);
    await budget.take(50, 1000);
    const large = budget.take(80, 20);
    const small = budget.take(30, 1000);
    expect(await settled(small)).toBe(false);
    expect(await large).toBe(false);
    expect(await small).toBe(true);
    expect(budget.taken).toBe(80);
  });

  it('lets a waiter leave when its signal aborts, taking nothing', async () => {
    const budget = new ByteBudget(100);
    await budget.take(90, 1000);
    const leaving = new AbortController();
    const left = budget.take(50, 1000, leaving.signal);
    const behind = budget.take(10, 1000);
    leaving.abort();
    expect(await left).toBe(false);
    expect(await behind).toBe(true);
    expect(budget.taken).toBe(100);
    expect(await budget.take(1, 1000, AbortSignal.abort())).toBe(false);
  });

  it('refuses more bytes than it holds', () => {
    expect(() => new ByteBudget(10).take(11, 1000)).toThrow(RangeError);
  });
});
