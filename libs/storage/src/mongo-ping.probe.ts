import { mongo } from 'mongoose';

/**
 * Readiness's view of MongoDB (the shape libs/observability's `MongoHealthProbe` asks for): the
 * server answers `ping`. It keeps a one-connection client of its own, which the driver connects
 * on first use and reconnects on every later use: the gateway needs MongoDB for nothing else and
 * must start while MongoDB is down, and the probe must recover once MongoDB is back.
 */
export class MongoPingProbe {
  private readonly client: InstanceType<typeof mongo.MongoClient>;

  constructor(mongoUrl: string, serverSelectionTimeoutMs = 1_500) {
    this.client = new mongo.MongoClient(mongoUrl, {
      serverSelectionTimeoutMS: serverSelectionTimeoutMs,
      maxPoolSize: 1,
    });
  }

  async ping(): Promise<void> {
    await this.client.db().command({ ping: 1 });
  }

  /** Closes the client with the app (Nest calls this on providers at shutdown). */
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
