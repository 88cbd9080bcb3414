export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** What readiness requires of an app. */
export interface ReadinessRequirements {
  /** The app's NATS connection answers a ping (needs a NATS_HEALTH_PROBE provider). */
  nats: boolean;
  /** The JetStream streams exist (the same probe). */
  streams: boolean;
  /** MongoDB answers a ping (needs a MONGO_HEALTH_PROBE provider). */
  mongo: boolean;
}
