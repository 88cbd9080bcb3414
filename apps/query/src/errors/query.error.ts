import { DomainError, ErrorCode, FieldError, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';

/**
 * A query that cannot be answered, for a reason the caller is told: a {@link DomainError} whose
 * `kind` tells the gateway the HTTP status. The exception filter turns it into a {@link QueryErrorReply}.
 */
export abstract class QueryError extends DomainError {
  abstract readonly kind: QueryErrorKind;

  constructor(
    code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(code, message, errors?.[0]?.field);
  }

  toReply(): QueryErrorReply {
    return {
      kind: this.kind,
      code: this.code,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}
