import { LRUCache } from 'lru-cache';

/** What the limiter decided for one request. */
export type RateLimitDecision =
  { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

interface Window {
  startedAt: number;
  hits: number;
}

/**
 * Counts requests per tracker in fixed windows that start at a tracker's first request (the
 * algorithm @nestjs/throttler uses). Hand-written because @nestjs/throttler 6 is a CommonJS package
 * that `require`s the ESM-only @nestjs/common 12, which Jest cannot load.
 * Memory is bounded by `maxTrackers`: past it, the least recently seen tracker is forgotten (an
 * LRU from lru-cache), so no traffic, however varied, grows it further. A forgotten tracker starts
 * a fresh window when it comes back.
 */
export class FixedWindowRateLimiter {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    maxTrackers: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a positive integer');
    this.windows = new LRUCache({ max: maxTrackers });
  }

  /** Counts one request of `tracker` and says whether it may proceed. */
  hit(tracker: string): RateLimitDecision {
    const now = this.now();
    let window = this.windows.get(tracker);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, hits: 0 };
      this.windows.set(tracker, window);
    }
    window.hits += 1;
    if (window.hits <= this.limit) return { allowed: true, remaining: this.limit - window.hits };
    const msLeft = window.startedAt + this.windowMs - now;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(msLeft / 1000)) };
  }

  /** Trackers currently held: never more than `maxTrackers`. */
  get size(): number {
    return this.windows.size;
  }
}
