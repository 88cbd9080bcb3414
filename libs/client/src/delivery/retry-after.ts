/**
 * Milliseconds to wait according to a `Retry-After` header: either delta-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined when the header is absent or unreadable, so the caller falls back
 * to its own back-off. A date in the past means "now" (0).
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMillis: number = Date.now(),
): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  // Only the date forms HTTP allows, not whatever Date.parse guesses at (e.g. "2").
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMillis);
}
