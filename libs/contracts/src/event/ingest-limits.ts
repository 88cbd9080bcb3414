const KIB = 1024;

/**
 * The default limits of `POST /v1/events` (docs/api.md), which the gateway's config can lower or
 * raise; a producer that stays within them is never refused for size. The client package batches
 * within them, and refuses an event larger than `maxEventBytes` by the gateway's own rule
 * (`eventTooLarge`, event-size.rule.ts).
 */
export const INGEST_LIMITS = {
  /** The request body, also after gzip is inflated. */
  maxBodyBytes: 1024 * KIB,
  maxEventsPerRequest: 500,
  /** One event's JSON. */
  maxEventBytes: 32 * KIB,
  /**
   * Errors reported for one rejected event: past it, the last entry counts the rest. One error per
   * unknown key would otherwise let a 1 MiB body of keys answer ~10 MB of errors.
   */
  maxErrorsPerEvent: 20,
} as const;
