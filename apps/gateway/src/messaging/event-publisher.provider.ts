import { FactoryProvider } from '@nestjs/common';
import { CATEGORY_NAMES, EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { DEFAULT_PROVISION_OPTIONS, EventPublisher } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';

/**
 * The gateway's {@link EventPublisher}: connects to NATS (waiting for it at start) and creates the
 * streams and consumers if missing, so events can be accepted before any ingestor has started.
 */
export const eventPublisherProvider: FactoryProvider<EventPublisher> = {
  provide: EventPublisher,
  inject: [GatewayConfig],
  useFactory: async (config: GatewayConfig) => {
    const publisher = await EventPublisher.connect(
      { url: config.NATS_URL, name: 'eventline-gateway', user: config.NATS_USER, pass: config.NATS_PASS },
      {
        topology: new EventTopology(config.EVENTLINE_NAMESPACE),
        publisherId: GATEWAY_PUBLISHER_ID,
        signingSecret: config.GATEWAY_SIGNING_SECRET,
        publishTimeoutMs: config.PUBLISH_TIMEOUT_MS,
      },
    );
    // Create-only: the ingestor owns the stream and consumer settings (replicas, max_deliver, …);
    // the gateway just makes sure the stream exists before it accepts the first event.
    await publisher.provisionTopology(CATEGORY_NAMES, {
      ...DEFAULT_PROVISION_OPTIONS,
      replicas: config.STREAM_REPLICAS,
      createOnly: true,
    });
    return publisher;
  },
};
