import { Provider } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { EventTopology } from '@eventline/contracts';
import { NamespacedNatsClient } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';

/** Injection token of the Nest NATS client the gateway asks the query service with. */
export const QUERY_CLIENT = Symbol('QUERY_CLIENT');

/**
 * Nest's NATS ClientProxy on the namespace's query subjects. It connects on first use and
 * reconnects forever; while NATS is unreachable a request fails at once (503), it never queues.
 */
export const queryClientProvider: Provider = {
  provide: QUERY_CLIENT,
  inject: [GatewayConfig],
  useFactory: (config: GatewayConfig): ClientNats => {
    const topology = new EventTopology(config.EVENTLINE_NAMESPACE);
    return new NamespacedNatsClient(
      {
        servers: config.NATS_URL.split(','),
        user: config.NATS_USER,
        pass: config.NATS_PASS,
        name: 'eventline-gateway-query',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
      },
      (pattern) => topology.querySubject(pattern),
    );
  },
};
