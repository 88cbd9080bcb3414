import { ErrorCode } from './error-code.js';

/**
 * An expected failure with a stable code. Domain code throws it; each edge maps the code to its
 * transport (HTTP status in the gateway's filter, an error reply in the query service).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Dotted path of the offending input field, when there is one. */
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}
