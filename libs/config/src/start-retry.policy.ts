import { setTimeout as sleep } from 'node:timers/promises';

/** First wait after a failed attempt to reach a dependency (NATS, MongoDB) at start. */
export const START_RETRY_FIRST_DELAY_MS = 250;
/** Longest wait between attempts: a cluster started late is found within this much. */
export const START_RETRY_MAX_DELAY_MS = 10_000;

/** The wait after `failures` failed attempts in a row: doubling from the first, up to the maximum. */
export function startRetryDelayMs(failures: number): number {
  return Math.min(START_RETRY_FIRST_DELAY_MS * 2 ** Math.max(failures - 1, 0), START_RETRY_MAX_DELAY_MS);
}

/**
 * Calls `attempt` again and again with the start-up back-off until it succeeds (resolves true) or
 * `signal` aborts (resolves false, the app is stopping). `onWait` hears of each wait before it
 * starts, so the app can log what it waits for.
 */
export async function retryWithStartBackoff(
  attempt: () => Promise<boolean>,
  onWait: (delayMs: number) => void,
  signal: AbortSignal,
): Promise<boolean> {
  for (let failures = 1; ; failures++) {
    const delayMs = startRetryDelayMs(failures);
    onWait(delayMs);
    try {
      await sleep(delayMs, undefined, { signal });
    } catch {
      return false;
    }
    if (await attempt()) return true;
  }
}
