import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  DEFAULT_PROVISION_OPTIONS,
  ensureEventsStream,
  JetStreamHealthProbe,
  NatsModule,
  topologyLimits,
} from '@eventline/messaging';
import {
  HealthModule,
  LoggingModule,
  MetricsModule,
  MONGO_HEALTH_PROBE,
  NATS_HEALTH_PROBE,
} from '@eventline/observability';
// The probe's own file, not the library's index: the gateway loads no mongoose (mongo-ping.probe.ts).
import { MongoPingProbe } from '@eventline/storage/mongo-ping.probe.js';
import { ApiKeyRegistry } from './auth/api-key.registry.js';
import { GatewayConfig } from './config/gateway.config.js';
import { ErrorResponseFilter } from './errors/error-response.filter.js';
import { EventsController } from './events/events.controller.js';
import { IngestEventsUseCase } from './events/ingest-events.use-case.js';
import { LiveEventsController } from './live/live-events.controller.js';
import { liveEventsFeedProvider } from './live/live-events-feed.provider.js';
import { LiveEventsService } from './live/live-events.service.js';
import { eventPublisherProvider } from './messaging/event-publisher.provider.js';
import { GatewayMetrics } from './metrics/gateway.metrics.js';
import { QueriesController } from './queries/queries.controller.js';
import { QueryBusService } from './queries/query-bus.service.js';
import { queryClientProvider } from './queries/query-client.provider.js';
import { QueryEventsService } from './queries/query-events.service.js';
import { RateLimits } from './rate-limit/rate-limits.js';

@Module({})
export class GatewayModule {
  /** The gateway, configured by value so tests build their own configuration. */
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggingModule.forRoot({
          level: config.LOG_LEVEL,
          service: 'gateway',
        }),
        NatsModule.forRoot({
          config,
          name: 'eventline-gateway',
          // The ingestor owns the streams' and consumers' settings; the gateway only creates what is
          // missing of the stream it publishes to and of its consumers (interest retention keeps
          // nothing no consumer matches), with the settings both read from IngestPathConfig.
          provision: (nc, topology) =>
            ensureEventsStream(nc, topology, {
              ...DEFAULT_PROVISION_OPTIONS,
              replicas: config.STREAM_REPLICAS,
              ackWaitMs: config.ACK_WAIT_MS,
              maxDeliver: config.MAX_DELIVER,
              limits: topologyLimits(config),
            }),
          requiredStreams: (topology) => [topology.eventsStream],
        }),
        MetricsModule.forRoot({ service: 'gateway', metrics: GatewayMetrics }),
        HealthModule.forRoot({ nats: true, streams: true, mongo: true }),
      ],
      controllers: [EventsController, LiveEventsController, QueriesController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(config.apiKeys()) },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        { provide: RateLimits, useValue: new RateLimits(config.RATE_LIMIT_PER_MINUTE) },
        eventPublisherProvider,
        IngestEventsUseCase,
        { provide: NATS_HEALTH_PROBE, useExisting: JetStreamHealthProbe },
        { provide: MONGO_HEALTH_PROBE, useFactory: () => new MongoPingProbe(config.MONGO_URL) },
        queryClientProvider,
        QueryBusService,
        QueryEventsService,
        liveEventsFeedProvider,
        LiveEventsService,
      ],
    };
  }
}
