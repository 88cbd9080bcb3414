import { ErrorCode, FieldError, QueryErrorKind } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** Bad filters or page parameters; `errors` names each field. */
export class QueryValidationError extends QueryError {
  readonly kind = QueryErrorKind.Validation;

  constructor(errors: FieldError[]) {
    super(errors[0]?.code ?? ErrorCode.InvalidParameter, errors.map((e) => e.message).join('; '), errors);
  }
}
