export * from './nats-connection.factory.js';
export * from './jetstream-topology.provisioner.js';
export * from './jetstream-health.probe.js';
export * from './jetstream-stats.reader.js';
