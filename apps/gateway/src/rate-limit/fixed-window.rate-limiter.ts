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
 * that `require`s the ESM-only @nestjs/common 12: Node 20 runs it, but Jest on Node 20 cannot load
 * it, which would take every in-process test of the gateway down with it.
 * One process, one memory: with N gateway replicas a caller gets up to N times the limit.
 */
export class FixedWindowRateLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep: number;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error('limit must be a positive integer');
    this.lastSweep = now();
  }

  /** Counts one request of `tracker` and says whether it may proceed. */
  hit(tracker: string): RateLimitDecision {
    const now = this.now();
    this.sweep(now);
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

  /** Trackers currently holding a window (for tests of the memory bound). */
  get size(): number {
    return this.windows.size;
  }

  // Forgets expired windows once per window length, so memory follows the active callers only.
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [tracker, window] of this.windows) {
      if (now - window.startedAt >= this.windowMs) this.windows.delete(tracker);
    }
  }
}
