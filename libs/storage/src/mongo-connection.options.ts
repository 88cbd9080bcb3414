import type { MongooseModuleOptions } from '@nestjs/mongoose';

const DEFAULT_DATABASE = 'eventline';

/**
 * Connection options shared by readers: the database named by the URL path (default
 * `eventline`), and no command buffering — while the server is unreachable a query fails after
 * `serverSelectionTimeoutMs` (and the caller answers "unavailable") instead of queueing.
 */
export function mongoConnectOptions(
  mongoUrl: string,
  serverSelectionTimeoutMs: number,
): MongooseModuleOptions {
  return {
    dbName: databaseName(mongoUrl),
    bufferCommands: false,
    autoIndex: false,
    serverSelectionTimeoutMS: serverSelectionTimeoutMs,
    retryAttempts: 0,
  };
}

function databaseName(mongoUrl: string): string {
  const path = new URL(mongoUrl).pathname.replace(/^\//, '');
  return decodeURIComponent(path) || DEFAULT_DATABASE;
}
