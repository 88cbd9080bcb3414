import mongoose from 'mongoose';

/** The database could not be reached (network, server selection); retrying later may work. */
export class StorageUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`the event store is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StorageUnavailableError';
  }
}

const { MongoNetworkError, MongoServerSelectionError, MongoNotConnectedError, MongoTopologyClosedError } =
  mongoose.mongo;

/**
 * Driver errors that mean "no usable server" become {@link StorageUnavailableError}, so callers
 * outside this library can tell them apart without importing the driver. Anything else (a
 * server-side command error, a bug) is rethrown unchanged.
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
  return unavailable ? new StorageUnavailableError(error) : error;
}
