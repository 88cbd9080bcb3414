export * from './nats-connection.factory.js';
export * from './jetstream-topology.provisioner.js';
