import type { MongooseModuleOptions } from '@nestjs/mongoose';
import { databaseNameOf } from './storage.options.js';

/**
 * Connection options of the read side: the database named by the URL path (default
 * `eventline`), and no command buffering — while the server is unreachable a query fails after
 * `serverSelectionTimeoutMs` (and the caller answers "unavailable") instead of queueing.
 */
export function mongoConnectOptions(
  mongoUrl: string,
  serverSelectionTimeoutMs: number,
): MongooseModuleOptions {
  return {
    dbName: databaseNameOf(mongoUrl),
    bufferCommands: false,
    autoIndex: false,
    autoCreate: false,
    serverSelectionTimeoutMS: serverSelectionTimeoutMs,
    retryAttempts: 0,
  };
}
