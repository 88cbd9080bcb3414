import { ErrorCode } from './error-code.js';

/** One reason an input was refused: which field, a stable code, and words for a human. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `timestamp` or `data.host`. */
  field: string;
  code: ErrorCode;
  message: string;
}

/**
 * How a list of field errors reads as one error: the first's code and field, every message. The
 * gateway's and the query service's refusals of a bad query both read this way.
 */
export function summarizeFieldErrors(errors: readonly FieldError[]): {
  code: ErrorCode;
  message: string;
  field?: string;
} {
  return {
    code: errors[0]?.code ?? ErrorCode.InvalidParameter,
    message: errors.map((e) => e.message).join('; '),
    field: errors[0]?.field,
  };
}
