import mongoose from 'mongoose';
import { DomainError, ErrorCode } from '@eventline/contracts';

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

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } =
  mongoose.mongo;

/**
 * Driver errors that mean "no usable server" become {@link StorageUnavailableError}. Anything
 * else (a server-side command error, a bug) is rethrown unchanged.
 */
export function translateStorageError(error: unknown): unknown {
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
