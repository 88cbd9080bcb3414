export * from './event.schema.js';
export * from './events-query.filter.js';
export * from './events-query.repository.js';
export * from './events-query-storage.module.js';
export * from './storage-unavailable.error.js';
