/** Provides the {@link MongoHealthProbe} readiness pings MongoDB with. */
export const MONGO_HEALTH_PROBE = Symbol('MONGO_HEALTH_PROBE');

/**
 * What readiness asks of MongoDB. An interface because only libs/storage talks to MongoDB: it
 * implements this (`MongoPingProbe`).
 */
export interface MongoHealthProbe {
  /** Resolves once the server answered `ping`. */
  ping(): Promise<void>;
}
