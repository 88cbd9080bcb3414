import type { MongooseModuleOptions } from '@nestjs/mongoose';
import type { ConnectOptions } from 'mongoose';
import { databaseNameOf, type StorageOptions } from './storage.options.js';

/**
 * The one connection configuration of every app: the database named by the URL path (default
 * `eventline`), the write concern, indexes built deliberately ({@link StorageIndexesProvisioner})
 * rather than by mongoose, and no command buffering — while the server is unreachable an
 * operation fails after `serverSelectionTimeoutMs` (the ingestor naks, the query service answers
 * "unavailable") instead of queueing.
 */
export function mongoConnectOptions(options: Required<StorageOptions>): ConnectOptions {
  return {
    dbName: databaseNameOf(options.mongoUrl),
    writeConcern: options.writeConcern,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMs,
  };
}

/**
 * Nest's options for that connection. The start does not wait for it (`lazyConnection`): an app
 * comes up while MongoDB is absent, and {@link StorageIndexesProvisioner} waits for it.
 */
export function mongoConnectionOptions(options: Required<StorageOptions>): MongooseModuleOptions {
  return { ...mongoConnectOptions(options), lazyConnection: true };
}
