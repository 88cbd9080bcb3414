import { KeyedSerializer } from './keyed-serializer.js';

function deferred() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedSerializer', () => {
  it('runs work sharing a key one after the other, and work on other keys at once', async () => {
    const serializer = new KeyedSerializer();
    const log: string[] = [];
    const first = deferred();
    const a = serializer.run(['s1', 's2'], async () => {
      log.push('a starts');
      await first.promise;
      log.push('a ends');
    });
    const b = serializer.run(['s2'], async () => void log.push('b runs'));
    const c = serializer.run(['s3'], async () => void log.push('c runs'));
    await tick();
    expect(log).toEqual(['a starts', 'c runs']);
    first.resolve();
    await Promise.all([a, b, c]);
    expect(log).toEqual(['a starts', 'c runs', 'a ends', 'b runs']);
    expect(serializer.size).toBe(0);
  });

  it('lets the next work run after a failure, and passes the failure to its caller', async () => {
    const serializer = new KeyedSerializer();
    const failing = serializer.run(['s1'], async () => {
      throw new Error('write failed');
    });
    const next = serializer.run(['s1'], async () => 'written');
    await expect(failing).rejects.toThrow('write failed');
    await expect(next).resolves.toBe('written');
    expect(serializer.size).toBe(0);
  });
});
