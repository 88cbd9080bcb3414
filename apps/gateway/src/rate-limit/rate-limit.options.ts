export const RATE_LIMIT_OPTIONS = Symbol('RATE_LIMIT_OPTIONS');

export interface RateLimitOptions {
  /** Requests per API key (or client address) per minute; 0 turns limiting off. */
  perMinute: number;
}
