import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { NatsContext } from '@nestjs/microservices';
import { ErrorCode, EventHeader, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';
import { natsHeaderOf } from '@eventline/messaging';
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

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    const context = host.switchToRpc().getContext<NatsContext | undefined>();
    const correlationId = natsHeaderOf(context?.getHeaders?.(), EventHeader.CorrelationId) ?? '-';
    return throwError(() => this.toReply(exception, correlationId));
  }

  private toReply(exception: unknown, correlationId: string): QueryErrorReply {
    if (exception instanceof QueryError) return exception.toReply();
    if (exception instanceof StorageUnavailableError) {
      this.logger.warn(`correlation_id=${correlationId} ${exception.message}`);
      return new QueryUnavailableError().toReply();
    }
    const errorId = randomUUID();
    this.logger.error(
      `error_id=${errorId} correlation_id=${correlationId} query failed`,
      exception instanceof Error ? exception.stack : String(exception),
    );
    return {
      kind: QueryErrorKind.Internal,
      code: ErrorCode.Internal,
      message: `internal error, id ${errorId}`,
    };
  }
}
