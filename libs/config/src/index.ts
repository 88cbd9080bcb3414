export * from './load-config.js';
export * from './connection.config.js';
export * from './background-service.config.js';
