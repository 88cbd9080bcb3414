import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { ConnectionString } from 'mongodb-connection-string-url';
import mongoose, { Model } from 'mongoose';
import { retryWithStartBackoff } from '@eventline/config';
import { StoredEvent } from './event.schema.js';
import { SessionSummary } from './session-summary.schema.js';
import { mongoConnectOptions } from './mongo-connection.options.js';
import { STORAGE_OPTIONS, type StorageOptions } from './storage.options.js';

/**
 * Waits for MongoDB, then creates the indexes of `events` and `sessions` (declared on their
 * schemas): autoIndex is off so that builds are deliberate, and the queries' hints need them.
 * Creating indexes that exist is a no-op, so every app and replica may run it.
 *
 * An absent MongoDB does not stop the start: the app comes up, its operations fail as unavailable
 * (the ingestor naks, the query service answers "unavailable"), readiness says MongoDB is down,
 * and this keeps trying with back-off, logging what it waits for, until it connects.
 */
@Injectable()
export class StorageIndexesProvisioner implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('MongoDB');
  private readonly stopping = new AbortController();
  private started?: Promise<void>;
  private connected = false;
  private waitingFor = 'MongoDB';

  constructor(
    @InjectModel(StoredEvent.name) private readonly events: Model<StoredEvent>,
    @InjectModel(SessionSummary.name) private readonly sessions: Model<SessionSummary>,
    @Inject(STORAGE_OPTIONS) private readonly options: Required<StorageOptions>,
  ) {}

  /**
   * One attempt before the app finishes starting, so that with MongoDB up the app starts with its
   * indexes; if it fails, the rest of the waiting is in the background.
   */
  onModuleInit(): Promise<void> {
    // Once, though a hybrid app (the query service's microservice) runs the hook twice.
    this.started ??= this.attempt().then((done) => {
      if (!done) void this.retry();
    });
    return this.started;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping.abort();
    if (this.connected) return;
    // Mongoose's close (at application shutdown) waits for a first connection still being tried,
    // up to the server selection timeout, so a stop while MongoDB does not answer would take that
    // long. Nothing was written over a connection that never opened: its client is closed at once.
    // That fails the connection's first open, which nobody awaits if the app stops before
    // onModuleInit (Nest runs it in listen()): handled here, or Node would exit 1 on it.
    const connection = this.events.db;
    connection.asPromise().catch(() => undefined);
    await connection.getClient().close();
  }

  private async attempt(): Promise<boolean> {
    const connection = this.events.db;
    try {
      if (!this.connected) {
        // Nest opened the connection without waiting for it (lazyConnection). Once a first
        // connection failed mongoose does not try again by itself: the connection is reopened.
        if (connection.readyState === mongoose.ConnectionStates.disconnected)
          await connection.openUri(this.options.mongoUrl, mongoConnectOptions(this.options));
        else await connection.asPromise();
        // From now on the driver reconnects by itself.
        this.connected = true;
      }
      await this.events.createIndexes();
      await this.sessions.createIndexes();
      return true;
    } catch (error) {
      // The URL without its password: it is logged.
      const where = new ConnectionString(this.options.mongoUrl).redact().toString();
      this.waitingFor = `MongoDB at ${where} (${error instanceof Error ? error.message : String(error)})`;
      return false;
    }
  }

  private async retry(): Promise<void> {
    const ready = await retryWithStartBackoff(
      () => this.attempt(),
      (delayMs) =>
        this.logger.warn({ msg: 'waiting for MongoDB', waiting_for: this.waitingFor, retry_in_ms: delayMs }),
      this.stopping.signal,
    );
    if (ready) this.logger.log({ msg: 'MongoDB ready' });
  }
}
