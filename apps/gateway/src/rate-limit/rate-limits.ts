import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ErrorCode } from '@eventline/contracts';
import type { ApiClient } from '../auth/api-client.js';
import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';

const WINDOW_MS = 60_000;

/**
 * Client addresses counted at once, at most: ~100 bytes each, so the limiter stays under ~10 MB
 * whatever the traffic. Past it the least recently seen address is forgotten.
 */
export const MAX_TRACKED_ADDRESSES = 100_000;

/**
 * The gateway's rate limit, RATE_LIMIT_PER_MINUTE requests per fixed minute: a valid key counts
 * against its application (all of an application's keys share one count), anything else (no
 * key, an unknown key) against the client address, so made-up keys are limited like no key.
 * Counted in this process: N gateway replicas let a caller through up to N times the limit.
 */
export class RateLimits {
  private readonly perApp: FixedWindowRateLimiter | undefined;
  private readonly perAddress: FixedWindowRateLimiter | undefined;

  /** `perMinute` 0 turns limiting off. */
  constructor(
    readonly perMinute: number,
    now: () => number = Date.now,
  ) {
    if (perMinute <= 0) return;
    // Applications are few (configured keys); the cap only matters for addresses.
    this.perApp = new FixedWindowRateLimiter(perMinute, WINDOW_MS, MAX_TRACKED_ADDRESSES, now);
    this.perAddress = new FixedWindowRateLimiter(perMinute, WINDOW_MS, MAX_TRACKED_ADDRESSES, now);
  }

  /**
   * Counts one request of `client` (undefined when its key is missing or unknown) and refuses it
   * past the limit: 429 `rate_limited` with `Retry-After`. Sets `X-RateLimit-*` either way.
   */
  admit(client: ApiClient | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (!this.perApp || !this.perAddress) return;
    const decision = client ? this.perApp.hit(client.app) : this.perAddress.hit(request.ip);
    void reply.header('X-RateLimit-Limit', String(this.perMinute));
    if (decision.allowed) {
      void reply.header('X-RateLimit-Remaining', String(decision.remaining));
      return;
    }
    void reply.header('X-RateLimit-Remaining', '0');
    void reply.header('Retry-After', String(decision.retryAfterSeconds));
    throw new DomainError(
      ErrorCode.RateLimited,
      `rate limit of ${this.perMinute} requests per minute exceeded; retry after ${decision.retryAfterSeconds} s`,
    );
  }

  /** Applications and client addresses currently counted (bounded by the caps). */
  get trackers(): number {
    return (this.perApp?.size ?? 0) + (this.perAddress?.size ?? 0);
  }
}
