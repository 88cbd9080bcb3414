/**
 * Redelivery delay after a failure that may pass (the database is unreachable): doubling per
 * delivery from `baseMs`, capped at `maxMs`, so an outage is ridden out without hammering the
 * database when it comes back.
 */
export function retryDelayMs(deliveryCount: number, baseMs: number, maxMs: number): number {
  const exponent = Math.min(Math.max(deliveryCount - 1, 0), 30);
  return Math.min(baseMs * 2 ** exponent, maxMs);
}
