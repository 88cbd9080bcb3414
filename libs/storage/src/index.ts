export * from './event.schema.js';
export * from './mongo-ping.probe.js';
