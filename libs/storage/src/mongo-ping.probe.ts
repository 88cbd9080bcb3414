import { MongoClient } from 'mongodb';

/**
 * Readiness's view of MongoDB (the shape libs/observability's `MongoHealthProbe` asks for): the
 * server answers `ping`. It keeps a one-connection client of its own, which the driver connects
 * on first use and reconnects on every later use: the gateway needs MongoDB for nothing else and
 * must start while MongoDB is down, and the probe must recover once MongoDB is back.
 *
 * It imports the driver alone, and the gateway imports this file rather than the library's index,
 * so the gateway loads no mongoose, schemas or models it never uses (~4 MB of heap at rest).
 */
export class MongoPingProbe {
  private client: MongoClient;

  constructor(
    private readonly mongoUrl: string,
    private readonly serverSelectionTimeoutMs = 1_500,
  ) {
    this.client = this.newClient();
  }

  async ping(): Promise<void> {
    try {
      await this.client.db().command({ ping: 1 });
    } catch (error) {
      // A client whose first connection failed stays closed ("Topology is closed") even once
      // MongoDB is up: the next ping starts afresh.
      const failed = this.client;
      this.client = this.newClient();
      await failed.close().catch(() => undefined);
      throw error;
    }
  }

  /** Closes the client with the app (Nest calls this on providers at shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private newClient(): MongoClient {
    return new MongoClient(this.mongoUrl, {
      serverSelectionTimeoutMS: this.serverSelectionTimeoutMs,
      maxPoolSize: 1,
    });
  }
}
