import { ErrorCode } from './error-code.js';

/** One reason an input was refused: which field, a stable code, and words for a human. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `timestamp` or `data.host`. */
  field: string;
  code: ErrorCode;
  message: string;
}
