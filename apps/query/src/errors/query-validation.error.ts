import { FieldError, QueryErrorKind, summarizeFieldErrors } from '@eventline/contracts';
import { QueryError } from './query.error.js';

/** Bad filters or page parameters; `errors` names each field. */
export class QueryValidationError extends QueryError {
  readonly kind = QueryErrorKind.Validation;

  constructor(errors: FieldError[]) {
    const { code, message } = summarizeFieldErrors(errors);
    super(code, message, errors);
  }
}
