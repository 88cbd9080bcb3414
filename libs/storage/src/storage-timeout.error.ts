import { DomainError, ErrorCode } from '@eventline/contracts';

/**
 * The database gave up on a read at the `maxTimeMS` it was given (MongoDB's MaxTimeMSExpired):
 * the query ran out of its time, nothing is wrong with the store.
 */
export class StorageTimeoutError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.QueryTimeout, message, undefined, options);
  }
}
