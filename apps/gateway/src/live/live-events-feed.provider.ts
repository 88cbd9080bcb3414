import { FactoryProvider } from '@nestjs/common';
import { EventTopology } from '@eventline/contracts';
import { LiveEventsFeed, NatsConnectionService } from '@eventline/messaging';
import { GatewayConfig } from '../config/gateway.config.js';

/**
 * The feed behind `GET /v1/events/live`, over the gateway's NATS connection. It shows the events
 * of messages the gateway signed itself and, when the gateway is given `PUBLISHER_SECRETS`, of
 * those the trusted backend services publish straight to NATS; a message it cannot verify is left
 * out (its events are in the query answers once stored).
 */
export const liveEventsFeedProvider: FactoryProvider<LiveEventsFeed> = {
  provide: LiveEventsFeed,
  inject: [NatsConnectionService, EventTopology, GatewayConfig],
  useFactory: (nats: NatsConnectionService, topology: EventTopology, config: GatewayConfig) =>
    new LiveEventsFeed(nats, {
      topology,
      trustedPublishers: config.livePublishers(),
      maxFutureSkewMs: config.MAX_FUTURE_SKEW_MS,
    }),
};
