/**
 * Runs work one after the other per key, and work on disjoint keys side by side: a piece of work
 * waits for every earlier one that shares a key with it. In-process only. Waits form no cycle:
 * each waits only for work registered before it.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    const earlier = new Set(keys.flatMap((key) => this.tails.get(key) ?? []));
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const key of keys) this.tails.set(key, done);
    try {
      await Promise.all(earlier);
      return await work();
    } finally {
      release();
      for (const key of keys) if (this.tails.get(key) === done) this.tails.delete(key);
    }
  }

  /** Keys with work running or waiting (for tests: nothing is left behind). */
  get size(): number {
    return this.tails.size;
  }
}
