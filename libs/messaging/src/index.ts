export * from './nats-connection.factory.js';
export * from './jetstream-topology.provisioner.js';
export * from './event-message.builder.js';
export * from './event.publisher.js';
