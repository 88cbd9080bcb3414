/** Injection token of the {@link IngestorConfig} value. */
export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');

/** Injection token of the process's NATS connection (opened and drained by main.ts). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
