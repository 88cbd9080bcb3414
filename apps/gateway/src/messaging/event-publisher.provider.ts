import { FactoryProvider } from '@nestjs/common';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { EventPublisher, NatsConnectionService } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';

/** The gateway's {@link EventPublisher}, signing as the gateway, over the app's NATS connection. */
export const eventPublisherProvider: FactoryProvider<EventPublisher> = {
  provide: EventPublisher,
  inject: [NatsConnectionService, EventTopology, GatewayConfig],
  useFactory: (nats: NatsConnectionService, topology: EventTopology, config: GatewayConfig) =>
    new EventPublisher(nats, {
      topology,
      publisherId: GATEWAY_PUBLISHER_ID,
      signingSecret: config.GATEWAY_SIGNING_SECRET,
      publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
    }),
};
