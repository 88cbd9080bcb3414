import { DynamicModule, Module, Provider, Type } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { GatewayMetrics } from './gateway.metrics.js';
import { IngestorMetrics } from './ingestor.metrics.js';
import { MetricsController } from './metrics.controller.js';
import { METRICS_REGISTRY } from './metrics.tokens.js';
import { QueryMetrics } from './query.metrics.js';

export type EventlineService = 'gateway' | 'ingestor' | 'query';

const METRICS_OF: Record<EventlineService, Type> = {
  gateway: GatewayMetrics,
  ingestor: IngestorMetrics,
  query: QueryMetrics,
};

export interface MetricsOptions {
  service: EventlineService;
  /** The ingestor's CONSUMER_STATS_READER provider. */
  providers?: Provider[];
}

/**
 * One prom-client Registry per application (not the library's global one, so two apps in one test
 * process never collide) with Node's default process metrics and the app's own metrics class.
 * Global: any module of the app can inject `GatewayMetrics` / `IngestorMetrics` / `QueryMetrics`.
 * Serves `GET /metrics` on the app's HTTP listener (the gateway's PORT, the others' HEALTH_PORT).
 */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    const metrics = METRICS_OF[options.service];
    return {
      module: MetricsModule,
      global: true,
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createRegistry(options.service) },
        metrics,
        ...(options.providers ?? []),
      ],
      exports: [METRICS_REGISTRY, metrics],
    };
  }
}

function createRegistry(service: EventlineService): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
