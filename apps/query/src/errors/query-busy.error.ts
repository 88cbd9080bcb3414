import { ErrorCode, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** This replica already has as many queries in hand as it may: shed at once, never queued. */
export class QueryBusyError extends QueryError {
  readonly kind = QueryErrorKind.Busy;

  constructor(maxInFlight: number) {
    super(
      ErrorCode.QueryBusy,
      `the query service is answering ${maxInFlight} queries already; retry shortly`,
    );
  }
}
