export * from './event.schema.js';
export * from './mongo-ping.probe.js';
export * from './events.repository.js';
export * from './storage-write.error.js';
export * from './storage.module.js';
export * from './storage.options.js';
