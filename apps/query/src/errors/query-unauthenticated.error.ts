import { ErrorCode, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** A request the gateway did not sign (or that expired): answered with this and no data. */
export class QueryUnauthenticatedError extends QueryError {
  readonly kind = QueryErrorKind.Unauthenticated;

  constructor(reason: string) {
    super(ErrorCode.Unauthorized, reason);
  }
}
