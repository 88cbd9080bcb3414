import { ConnectionString } from 'mongodb-connection-string-url';

/** How durable a write must be before MongoDB confirms it. */
export interface StorageWriteConcern {
  /** `majority`, or a number of members. */
  w: 'majority' | number;
  /** Wait for the journal: the write survives a crash of the machine, not only of the process. */
  j: boolean;
}

/** What {@link StorageModule} connects with; every app passes its own config's values. */
export interface StorageOptions {
  /** `mongodb://host:port/<database>`; the database defaults to `eventline` when the path is empty. */
  mongoUrl: string;
  /**
   * How long an operation waits for a reachable server before failing as unavailable. The
   * ingestor keeps it well below the consumer's ack wait (an outage becomes a nak, not a silent
   * redelivery); the query service below the gateway's query timeout.
   */
  serverSelectionTimeoutMs: number;
  /** The write concern of every write; {@link DEFAULT_WRITE_CONCERN} when not given. */
  writeConcern?: StorageWriteConcern;
}

export const DEFAULT_DATABASE = 'eventline';

/** Majority with journal unless configured otherwise (docs/architecture.md, "Storage"). */
export const DEFAULT_WRITE_CONCERN: StorageWriteConcern = { w: 'majority', j: true };

/**
 * The database named by the URL path, or the default. Parsed as the driver parses it: a replica
 * set's list of hosts (`mongodb://a:27017,b:27017/db`) is no WHATWG URL.
 */
export function databaseNameOf(mongoUrl: string): string {
  const path = new ConnectionString(mongoUrl).pathname.replace(/^\//, '');
  return decodeURIComponent(path) || DEFAULT_DATABASE;
}

/** Injection token of the {@link StorageOptions}, defaults filled in. */
export const STORAGE_OPTIONS = Symbol('STORAGE_OPTIONS');
