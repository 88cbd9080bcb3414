import { ErrorCode, FieldError, QueryErrorKind, QueryErrorReply } from '@eventline/contracts';

/** A query that cannot be answered; the exception filter turns it into a {@link QueryErrorReply}. */
export abstract class QueryError extends Error {
  abstract readonly kind: QueryErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
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
