import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, JetStreamManager } from '@nats-io/jetstream';
import { NatsConnection } from '@nats-io/transport-node';

/**
 * Readiness over the app's own NATS connection (the shape libs/observability's `NatsHealthProbe`
 * asks for): the server answers a ping, and the streams the app needs exist.
 */
export class JetStreamHealthProbe {
  private jsm?: Promise<JetStreamManager>;

  constructor(
    /** The app's connection; throws while there is none (yet), which makes the app not ready. */
    private readonly connection: () => NatsConnection,
    private readonly streams: readonly string[],
  ) {}

  async ping(): Promise<void> {
    const nc = this.connection();
    if (nc.isClosed()) throw new Error('connection closed');
    // While reconnecting, the ping waits in the client's buffer: the health check's timeout decides.
    await nc.flush();
  }

  async missingStreams(): Promise<string[]> {
    this.jsm ??= jetstreamManager(this.connection(), { checkAPI: false });
    const jsm = await this.jsm;
    const missing: string[] = [];
    for (const stream of this.streams) {
      const present = await jsm.streams.info(stream).then(
        () => true,
        (error: unknown) =>
          error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound
            ? false
            : Promise.reject(error),
      );
      if (!present) missing.push(stream);
    }
    return missing;
  }
}
