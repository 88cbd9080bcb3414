import { SerialQueue } from './serial-queue.js';

describe('SerialQueue', () => {
  it('runs one piece of work at a time, in order, and the next after a failure', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run(async () => {
      log.push('first starts');
      await gate;
      throw new Error('first failed');
    });
    const second = queue.run(async () => {
      log.push('second runs');
      return 'second';
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe('second');
    expect(log).toEqual(['first starts', 'second runs']);
  });
});
