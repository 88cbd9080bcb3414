/** Injection token of the {@link IngestorConfig} value. */
export const INGESTOR_CONFIG = Symbol('INGESTOR_CONFIG');
