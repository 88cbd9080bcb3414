/**
 * Maps `items` through `work` with at most `concurrency` calls in flight, results in the items'
 * order. After a failure no new call starts, but the calls already running are waited for before
 * the first error is thrown: a query's slot is freed only when its database work has ended
 * (docs/queries.md, "Bounded work"). Hand-written: a dozen lines, where a pool library would add a
 * dependency for the same loop.
 */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(concurrency, 1), items.length) }, worker));
  if (failure) throw failure.error;
  return results;
}
