import { ErrorCode, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** The query ran out of its time limit; the database was told to stop (`maxTimeMS`) as well. */
export class QueryTimeoutError extends QueryError {
  readonly kind = QueryErrorKind.Timeout;

  constructor(limitMs?: number) {
    super(
      ErrorCode.QueryTimeout,
      limitMs === undefined
        ? 'the query did not finish within its time limit'
        : `the query did not finish within its time limit of ${limitMs} ms`,
    );
  }
}
