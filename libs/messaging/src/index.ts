export * from './nats-connection.factory.js';
export * from './jetstream-topology.provisioner.js';
export * from './message-settlement.js';
export * from './dead-letter.publisher.js';
export * from './jetstream-batch.consumer.js';
export * from './dead-letter.replayer.js';
export * from './max-deliveries.watcher.js';
