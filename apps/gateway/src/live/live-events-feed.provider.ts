import { FactoryProvider } from '@nestjs/common';
import { EventTopology, GATEWAY_PUBLISHER_ID } from '@eventline/contracts';
import { LiveEventsFeed, NatsConnectionService } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';

/**
 * The feed behind `GET /v1/events/live`, over the gateway's NATS connection. It shows the events
 * of messages the gateway signed itself: the gateway holds only its own secret, so messages that
 * backend services publish straight to NATS cannot be verified here and are left out (they are in
 * the query answers once stored).
 */
export const liveEventsFeedProvider: FactoryProvider<LiveEventsFeed> = {
  provide: LiveEventsFeed,
  inject: [NatsConnectionService, EventTopology, GatewayConfig],
  useFactory: (nats: NatsConnectionService, topology: EventTopology, config: GatewayConfig) =>
    new LiveEventsFeed(nats, {
      topology,
      trustedPublishers: new Map([[GATEWAY_PUBLISHER_ID, config.GATEWAY_SIGNING_SECRET]]),
      maxFutureSkewMs: config.MAX_FUTURE_SKEW_MS,
    }),
};
