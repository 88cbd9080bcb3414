import { DomainError, ErrorCode } from '@eventline/contracts';

/**
 * The database did not confirm a write (unreachable, timed out, refused). Nothing can be assumed
 * stored: the caller retries later (the ingestor naks), it never acknowledges.
 */
export class StorageWriteError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.StorageUnavailable, message);
    this.name = 'StorageWriteError';
    this.cause = options?.cause;
  }
}
