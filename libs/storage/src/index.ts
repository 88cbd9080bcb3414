export * from './event.schema.js';
export * from './mongo-ping.probe.js';
export * from './events-query.filter.js';
export * from './events-query.repository.js';
export * from './events.repository.js';
export * from './storage-unavailable.error.js';
export * from './storage.module.js';
export * from './storage.options.js';
