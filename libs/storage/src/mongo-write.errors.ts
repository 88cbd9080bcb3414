import mongoose from 'mongoose';
import { StorageUnavailableError } from './storage-unavailable.error.js';

const DUPLICATE_KEY = 11000;
// mongoose's copy of the driver, so that `instanceof` sees the classes the driver throws.
const { MongoBulkWriteError, MongoServerError } = mongoose.mongo;

/**
 * The positions, in the operations of an unordered bulk write (`insertMany`, `bulkWrite`), of
 * those refused for a duplicate key, when every failure was one and the write concern was met;
 * undefined for anything else (nothing may then be assumed written).
 */
export function duplicateKeyIndexes(error: unknown): Set<number> | undefined {
  if (!(error instanceof MongoBulkWriteError) || error.writeConcernError) return undefined;
  const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
  if (writeErrors.length === 0 || writeErrors.some((e) => e.code !== DUPLICATE_KEY)) return undefined;
  return new Set(writeErrors.map((e) => e.index));
}

/** A write failure in a log line: the server's code name when it has one. */
function describeWriteError(error: unknown): string {
  if (error instanceof MongoServerError) return `${error.codeName ?? error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** `what` failed, as the error the ingestor answers by naking (the write is retried, never acked). */
export function writeFailed(what: string, error: unknown): StorageUnavailableError {
  return new StorageUnavailableError(`${what} failed: ${describeWriteError(error)}`, { cause: error });
}
