import { DomainError } from './domain.error.js';
import { ErrorCode } from './error-code.js';

/**
 * A fault of ours that the service where it happened has already logged, once, under `errorId`
 * (with the correlation id). The edge answering the caller passes the id on and does not log the
 * failure again, so one failure is found under one id.
 */
export class InternalError extends DomainError {
  constructor(readonly errorId: string) {
    super(ErrorCode.Internal, `internal error, logged under id ${errorId}`);
  }
}
