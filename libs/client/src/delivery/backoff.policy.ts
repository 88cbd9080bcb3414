/** How failed deliveries (network errors, 408, 429, 5xx) are retried. */
export interface RetryPolicy {
  /** Attempts per batch, the first included, before its events are reported undelivered. Default 10. */
  maxAttempts: number;
  /** Delay before the first retry; doubles with each attempt. Default 500 ms. */
  baseDelayMs: number;
  /** Upper bound of one back-off delay (a longer `Retry-After` is still honoured). Default 30 s. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 10, baseDelayMs: 500, maxDelayMs: 30_000 };

/**
 * Exponential back-off with "equal jitter": half the capped delay is fixed, half random, so
 * clients that failed together spread out but none retries immediately.
 *
 * @param retry 1 for the first retry (after the first failed attempt), 2 for the next, …
 * @param random a number in [0, 1)
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: number = Math.random()): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + (capped / 2) * random);
}

/**
 * The wait before the next attempt: the server's `Retry-After` when it gave one (never less; a
 * little jitter on top so a crowd told "1 s" does not return in the same millisecond), otherwise
 * the back-off.
 */
export function retryDelayMs(
  retry: number,
  policy: RetryPolicy,
  retryAfterMs: number | undefined,
  random: number = Math.random(),
): number {
  if (retryAfterMs !== undefined)
    return retryAfterMs + Math.round(Math.min(1000, retryAfterMs * 0.1) * random);
  return backoffDelayMs(retry, policy, random);
}
