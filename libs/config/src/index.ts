export * from './load-config.js';
export * from './connection.config.js';
