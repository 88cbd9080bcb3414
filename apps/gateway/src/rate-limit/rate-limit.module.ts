import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RATE_LIMIT_OPTIONS, RateLimitOptions } from './rate-limit.options.js';

/** Per-API-key rate limiting for every HTTP route but the operational ones (`@OperationalRoute()`). */
@Module({})
export class RateLimitModule {
  static register(options: RateLimitOptions): DynamicModule {
    if (options.perMinute <= 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      providers: [
        { provide: RATE_LIMIT_OPTIONS, useValue: options },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}
