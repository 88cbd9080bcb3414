import { ioTurnBarrier } from './io-turn.barrier.js';

describe('ioTurnBarrier', () => {
  it('holds every caller of one turn until the I/O phase ends, then releases them together', async () => {
    const order: string[] = [];
    const first = ioTurnBarrier().then(() => order.push('first'));
    const second = ioTurnBarrier().then(() => order.push('second'));
    // The microtasks of this turn (where nats.js would flush a lone publish) run before either.
    await Promise.resolve();
    order.push('microtask');
    await Promise.all([first, second]);
    expect(order).toEqual(['microtask', 'first', 'second']);
  });

  it('gives callers of one turn the same wait, and callers of a later turn a new one', async () => {
    const a = ioTurnBarrier();
    expect(ioTurnBarrier()).toBe(a);
    await a;
    const b = ioTurnBarrier();
    expect(b).not.toBe(a);
    await b;
  });
});
