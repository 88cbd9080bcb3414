import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { Observable, tap } from 'rxjs';
import { ErrorCode } from '@eventline/contracts';
import { expectedQueryError } from './errors/expected-query.error.js';
import { QueryMetrics } from './metrics/query.metrics.js';

/** Times every query by its subject (without the namespace) and the code it answered with. */
@Injectable()
export class QueryMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: QueryMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const patterns: unknown = Reflect.getMetadata(PATTERN_METADATA, context.getHandler());
    const route = String(Array.isArray(patterns) ? patterns[0] : (patterns ?? context.getHandler().name));
    const done = this.metrics.startQuery(route);
    return next.handle().pipe(
      tap({
        complete: () => done('ok'),
        error: (error: unknown) => done(expectedQueryError(error)?.code ?? ErrorCode.Internal),
      }),
    );
  }
}
