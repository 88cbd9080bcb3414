import mongoose from 'mongoose';
import { DomainError, ErrorCode } from '@eventline/contracts';
import { StorageTimeoutError } from './storage-timeout.error.js';

/**
 * The event store could not do what was asked: unreachable, no server selected in time, or a
 * write it did not confirm. Nothing may be assumed read or written; retrying later may work (the
 * ingestor naks, the query service answers "unavailable"). Callers outside this library tell it
 * apart without importing the driver.
 */
export class StorageUnavailableError extends DomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCode.StorageUnavailable, message, undefined, options);
  }
}

const {
  MongoNetworkError,
  MongoServerError,
  MongoServerSelectionError,
  MongoNotConnectedError,
  MongoTopologyClosedError,
} = mongoose.mongo;

// MongoDB's (and FerretDB's) code for a command stopped at its `maxTimeMS`.
const MAX_TIME_MS_EXPIRED = 50;

/**
 * Driver errors that mean "no usable server" become {@link StorageUnavailableError}, a read
 * stopped at its `maxTimeMS` a {@link StorageTimeoutError}. Anything else (another server-side
 * command error, a bug) is rethrown unchanged.
 */
export function translateStorageError(error: unknown): unknown {
  if (error instanceof MongoServerError && error.code === MAX_TIME_MS_EXPIRED) {
    return new StorageTimeoutError(`the event store stopped the read at its time limit: ${describe(error)}`, {
      cause: error,
    });
  }
  const unavailable =
    error instanceof MongoNetworkError ||
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof mongoose.Error.MongooseServerSelectionError ||
    // With bufferCommands off, mongoose refuses commands while (re)connecting with a plain MongooseError.
    (error instanceof mongoose.Error &&
      /initial connection|not connected|bufferCommands/i.test(error.message));
  if (!unavailable) return error;
  return new StorageUnavailableError(`the event store is unavailable: ${describe(error)}`, { cause: error });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
