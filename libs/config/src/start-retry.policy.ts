/** First wait after a failed attempt to reach a dependency (NATS, MongoDB) at start. */
export const START_RETRY_FIRST_DELAY_MS = 250;
/** Longest wait between attempts: a cluster started late is found within this much. */
export const START_RETRY_MAX_DELAY_MS = 10_000;

/** The wait after `failures` failed attempts in a row: doubling from the first, up to the maximum. */
export function startRetryDelayMs(failures: number): number {
  return Math.min(START_RETRY_FIRST_DELAY_MS * 2 ** Math.max(failures - 1, 0), START_RETRY_MAX_DELAY_MS);
}
