import { ErrorCode, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** The database could not be reached in time; the caller may retry. */
export class QueryUnavailableError extends QueryError {
  readonly kind = QueryErrorKind.Unavailable;

  constructor(message = 'the event store is unavailable') {
    super(ErrorCode.QueryUnavailable, message);
  }
}
