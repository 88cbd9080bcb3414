import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { OPERATIONAL_ROUTE } from '@eventline/observability';
import { FixedWindowRateLimiter } from './fixed-window.rate-limiter.js';
import { RATE_LIMIT_OPTIONS, type RateLimitOptions } from './rate-limit.options.js';
import { rateLimitTracker } from './rate-limit.tracker.js';

interface HttpRequestLike {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}
interface HttpReplyLike {
  header(name: string, value: string): unknown;
}

/** Refuses a caller's requests past its per-minute limit: `Retry-After` and a `rate_limited` error. */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly limiter: FixedWindowRateLimiter;

  constructor(
    @Inject(RATE_LIMIT_OPTIONS) private readonly options: RateLimitOptions,
    private readonly reflector: Reflector,
  ) {
    this.limiter = new FixedWindowRateLimiter(options.perMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    // Health probes and metrics scrapes are never limited.
    const skip = this.reflector.getAllAndOverride<boolean>(OPERATIONAL_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (skip) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const reply = http.getResponse<HttpReplyLike>();
    const decision = this.limiter.hit(rateLimitTracker(request.headers.authorization, request.ip));
    reply.header('X-RateLimit-Limit', String(this.options.perMinute));
    if (decision.allowed) {
      reply.header('X-RateLimit-Remaining', String(decision.remaining));
      return true;
    }
    reply.header('X-RateLimit-Remaining', '0');
    reply.header('Retry-After', String(decision.retryAfterSeconds));
    // The gateway's error filter turns the code into 429 `{"error":{"code":"rate_limited",…}}`.
    throw new DomainError(
      ErrorCode.RateLimited,
      `rate limit of ${this.options.perMinute} requests per minute exceeded; retry after ${decision.retryAfterSeconds} s`,
    );
  }
}
