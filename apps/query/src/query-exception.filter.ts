import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Observable, throwError } from 'rxjs';
import { NatsContext } from '@nestjs/microservices';
import { ErrorCode, EventHeader, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';
import { natsHeaderOf } from '@eventline/messaging';
import { StorageUnavailableError } from '@eventline/storage';
import { expectedQueryError } from './errors/expected-query.error.js';

/**
 * The one place errors become replies: every failure travels back to the gateway as a typed
 * {@link QueryErrorReply}. An unexpected error is logged here, once, under an error id the reply
 * carries; the gateway answers with that id and does not log the failure again.
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
    const expected = expectedQueryError(exception);
    if (expected) {
      if (exception instanceof StorageUnavailableError) {
        this.logger.warn(`correlation_id=${correlationId} ${exception.message}`);
      }
      return expected.toReply();
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
      error_id: errorId,
    };
  }
}
