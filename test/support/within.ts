/**
 * Awaits `work`, or throws naming `step` once `ms` have passed: a clean-up that hangs then says
 * which of its steps did, where Jest would only report the hook's time-out.
 */
export async function within<T>(step: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${step}: not finished within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
