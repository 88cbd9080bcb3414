import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { ErrorCode, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';
import { StorageUnavailableError } from '@eventline/storage';
import { QueryError } from './errors/query.error.js';
import { QueryUnavailableError } from './errors/query-unavailable.error.js';

/**
 * The one place errors become replies: every failure travels back to the gateway as a typed
 * {@link QueryErrorReply}. An unexpected error is logged once with an id the reply carries.
 */
@Catch()
export class QueryExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('QueryExceptionFilter');

  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => this.toReply(exception));
  }

  private toReply(exception: unknown): QueryErrorReply {
    if (exception instanceof QueryError) return exception.toReply();
    if (exception instanceof StorageUnavailableError) {
      this.logger.warn(exception.message);
      return new QueryUnavailableError().toReply();
    }
    const errorId = randomUUID();
    this.logger.error(
      `query failed (error id ${errorId})`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      kind: QueryErrorKind.Internal,
      code: ErrorCode.Internal,
      message: `internal error, id ${errorId}`,
    };
  }
}
