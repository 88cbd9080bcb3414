/** Provides the {@link NatsHealthProbe} of the app's NATS connection. */
export const NATS_HEALTH_PROBE = Symbol('NATS_HEALTH_PROBE');

/**
 * What readiness asks of NATS. An interface because only libs/messaging talks to NATS: it
 * implements this over the app's own connection (`JetStreamHealthProbe`).
 */
export interface NatsHealthProbe {
  /** Resolves once the server answered a ping on the app's connection. */
  ping(): Promise<void>;
  /** The streams the app needs that the server does not have (empty when all are present). */
  missingStreams(): Promise<string[]>;
}
