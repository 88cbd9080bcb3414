export * from './load-config.js';
export * from './connection.config.js';
export * from './service.config.js';
export * from './ingest-path.config.js';
export * from './health-listener.config.js';
export * from './listen-port.check.js';
export * from './start-retry.policy.js';
export * from './query-signing.config.js';
