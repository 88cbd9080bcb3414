import type { ErrorCode, FieldError } from '@eventline/contracts';

/** The gateway refused a query (or kept failing until the retries ran out). */
export class EventlineHttpError extends Error {
  override readonly name = 'EventlineHttpError';

  constructor(
    /** HTTP status; 0 when no response arrived (network error, timeout). */
    readonly status: number,
    /** The first error's code, e.g. `invalid_parameter`, `not_found`, `unauthorized`. */
    readonly code: ErrorCode | 'network_error',
    message: string,
    /** Every field the gateway named, with its code. */
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
}
