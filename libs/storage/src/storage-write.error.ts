import { ErrorCode } from '@eventline/contracts';

/**
 * The database did not confirm a write (unreachable, timed out, refused). Nothing can be assumed
 * stored: the caller retries later (the ingestor naks), it never acknowledges.
 */
export class StorageWriteError extends Error {
  readonly code = ErrorCode.StorageUnavailable;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageWriteError';
  }
}
