import type { MongooseModuleOptions } from '@nestjs/mongoose';
import { databaseNameOf, type StorageOptions } from './storage.options.js';

/**
 * The one connection configuration of every app: the database named by the URL path (default
 * `eventline`), the write concern, indexes built deliberately ({@link EventsIndexesProvisioner})
 * rather than by mongoose, and no command buffering — while the server is unreachable an
 * operation fails after `serverSelectionTimeoutMs` (the ingestor naks, the query service answers
 * "unavailable") instead of queueing. The first connection is retried by Nest's defaults.
 */
export function mongoConnectionOptions(options: Required<StorageOptions>): MongooseModuleOptions {
  return {
    dbName: databaseNameOf(options.mongoUrl),
    writeConcern: options.writeConcern,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
  };
}
