import { StorageTimeoutError, StorageUnavailableError } from '@eventline/storage';
import { QueryTimeoutError } from './query-timeout.error.js';
import { QueryUnavailableError } from './query-unavailable.error.js';
import { QueryError } from './query.error.js';

/**
 * The {@link QueryError} a failure is answered with, or undefined when it is a fault of ours
 * (answered `internal`). One definition for the exception filter's replies and the metrics'
 * outcome labels.
 */
export function expectedQueryError(error: unknown): QueryError | undefined {
  if (error instanceof QueryError) return error;
  if (error instanceof StorageUnavailableError) return new QueryUnavailableError();
  if (error instanceof StorageTimeoutError) return new QueryTimeoutError();
  return undefined;
}
