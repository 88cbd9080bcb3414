import { Provider } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { EventTopology } from '@eventline/contracts';
import { NamespacedNatsClient, NatsConnectionService } from '@eventline/messaging';

/** Injection token of the Nest NATS client the gateway asks the query service with. */
export const QUERY_CLIENT = Symbol('QUERY_CLIENT');

/**
 * Nest's NATS ClientProxy on the namespace's query subjects, on a connection of its own (Nest's
 * client opens it) with the app's connection options. It connects on first use and reconnects
 * forever; while NATS is unreachable a request fails at once (503), it never queues.
 */
export const queryClientProvider: Provider = {
  provide: QUERY_CLIENT,
  inject: [NatsConnectionService, EventTopology],
  useFactory: (nats: NatsConnectionService, topology: EventTopology): ClientNats =>
    new NamespacedNatsClient(nats.connectionOptions('eventline-gateway-query'), (pattern) =>
      topology.querySubject(pattern),
    ),
};
