import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Observable, throwError } from 'rxjs';
import type { QueryRequest } from '@eventline/contracts';
import { QueryBusyError } from '../errors/query-busy.error.js';
import { QueryTimeoutError } from '../errors/query-timeout.error.js';
import { QueryAdmission } from './query-admission.js';
import { QueryDeadline } from './query-deadline.js';

/**
 * Bounds the work of this replica: at most QUERY_MAX_IN_FLIGHT queries at a time, the next ones
 * shed at once (`query_busy`, the gateway answers 503 with Retry-After) rather than queued past
 * the gateway's timeout; each query answered by its time limit (`query_timeout`) even when the
 * database is slow to say so. A slot is freed only when the database work has ended, not when
 * the answer was given, so a slow database is never handed more work than the slots.
 */
@Injectable()
export class QueryAdmissionInterceptor implements NestInterceptor {
  constructor(private readonly admission: QueryAdmission) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const release = this.admission.tryEnter();
    if (!release) return throwError(() => new QueryBusyError(this.admission.max));
    const deadline = QueryDeadline.of(context.switchToRpc().getData<QueryRequest>());
    return new Observable((subscriber) => {
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        subscriber.error(new QueryTimeoutError(deadline.limitMs));
      }, deadline.remainingMs());
      const settle = (answer: () => void) => {
        clearTimeout(timer);
        release();
        if (!answered) answer();
      };
      // Not unsubscribed when the answer is given: the slot waits for the work to end.
      next.handle().subscribe({
        next: (value) => !answered && subscriber.next(value),
        error: (error: unknown) => settle(() => subscriber.error(error)),
        complete: () => settle(() => subscriber.complete()),
      });
    });
  }
}
