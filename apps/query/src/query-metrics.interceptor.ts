import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { PATTERN_METADATA } from '@nestjs/microservices/constants.js';
import { Observable, tap } from 'rxjs';
import { ErrorCode } from '@eventline/contracts';
import { StorageUnavailableError } from '@eventline/storage';
import { QueryError } from './errors/query.error.js';
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
        error: (error: unknown) => done(outcomeOf(error)),
      }),
    );
  }
}

// The same codes the exception filter answers with.
function outcomeOf(error: unknown): string {
  if (error instanceof QueryError) return error.code;
  if (error instanceof StorageUnavailableError) return ErrorCode.QueryUnavailable;
  return ErrorCode.Internal;
}
