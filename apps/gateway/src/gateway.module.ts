import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { EventPublisher } from '@eventline/messaging';
import { ApiKeyGuard } from './auth/api-key.guard.js';
import { ApiKeyRegistry } from './auth/api-key.registry.js';
import { loadApiKeys } from './auth/api-keys.loader.js';
import { GatewayConfig } from './config/gateway.config.js';
import { ErrorResponseFilter } from './errors/error-response.filter.js';
import { EventsController } from './events/events.controller.js';
import { IngestEventsUseCase } from './events/ingest-events.use-case.js';
import { HealthController } from './health/health.controller.js';
import { eventPublisherProvider } from './messaging/event-publisher.provider.js';

@Module({})
export class GatewayModule implements OnApplicationShutdown {
  constructor(private readonly publisher: EventPublisher) {}

  /** The gateway, configured by value so tests build their own configuration. */
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [EventsController, HealthController],
      providers: [
        { provide: GatewayConfig, useValue: config },
        { provide: ApiKeyRegistry, useValue: new ApiKeyRegistry(loadApiKeys(config)) },
        { provide: APP_FILTER, useClass: ErrorResponseFilter },
        eventPublisherProvider,
        ApiKeyGuard,
        IngestEventsUseCase,
      ],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.close();
  }
}
